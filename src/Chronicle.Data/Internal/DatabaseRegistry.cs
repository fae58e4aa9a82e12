using Chronicle.Storage;

namespace Chronicle.Data.Internal;

/// <summary>
/// The process-wide table of open databases, keyed by full directory path. <see cref="Acquire"/>
/// opens the engine for the first lease and counts the others; <see cref="Release"/> disposes it
/// with the last. The settings of the first opener win (engine options are fixed while open); a
/// read-only and a writable open of the same directory conflict.
/// </summary>
internal static class DatabaseRegistry
{
    /// <summary>The file the architecture names as the catalog: its presence means "a database exists here".</summary>
    internal const string CatalogFileName = "catalog.db";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, SharedDatabase> Open = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>The registry key of <paramref name="directory"/>: its full path without a trailing separator.</summary>
    public static string KeyOf(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    /// <summary>Leases the database named by <paramref name="settings"/>, opening it when this is the first lease.</summary>
    /// <exception cref="InvalidOperationException">No Data Source.</exception>
    /// <exception cref="ChronicleException">Missing database (ReadWrite/ReadOnly), mode conflict, locked directory, storage failure.</exception>
    public static SharedDatabase Acquire(ChronicleConnectionStringBuilder settings)
    {
        if (string.IsNullOrWhiteSpace(settings.DataSource)) throw Errors.NoDataSource();
        var key = KeyOf(settings.DataSource);
        bool readOnly = settings.Mode == ChronicleOpenMode.ReadOnly;
        lock (Gate)
        {
            if (Open.TryGetValue(key, out var shared))
            {
                if (shared.ReadOnly != readOnly) throw Errors.ModeConflict(key, shared.ReadOnly);
                shared.RefCount++;
                return shared;
            }
            if (settings.Mode != ChronicleOpenMode.ReadWriteCreate && !File.Exists(Path.Combine(key, CatalogFileName)))
                throw Errors.DatabaseNotFound(key, settings.Mode.ToString());
            StorageEngine engine;
            try
            {
                engine = StorageEngine.Open(key, settings.ToStorageOptions());
            }
            catch (Exception e) when (Errors.IsEngineError(e))
            {
                throw Errors.Wrap(e)!;
            }
            shared = new SharedDatabase(key, engine, readOnly) { RefCount = 1 };
            Open.Add(key, shared);
            return shared;
        }
    }

    /// <summary>Adds a lease to an already open database (a connection created from a data source).</summary>
    public static void AddRef(SharedDatabase shared)
    {
        lock (Gate)
        {
            if (shared.RefCount <= 0) throw Errors.DataSourceDisposed();
            shared.RefCount++;
        }
    }

    /// <summary>Returns a lease; the last one disposes the engine (a clean close: flushes the memstore).</summary>
    public static void Release(SharedDatabase shared)
    {
        lock (Gate)
        {
            if (--shared.RefCount > 0) return;
            Open.Remove(shared.Key);
            // Disposed under the lock so that a concurrent re-open waits until the LOCK file is free.
            try
            {
                shared.Engine.Dispose();
            }
            catch (Exception e) when (Errors.IsEngineError(e))
            {
                throw Errors.Wrap(e)!;
            }
        }
    }

    /// <summary>The number of leases on <paramref name="directory"/>, 0 when it is not open (for tests and diagnostics).</summary>
    public static int LeaseCount(string directory)
    {
        lock (Gate) return Open.TryGetValue(KeyOf(directory), out var s) ? s.RefCount : 0;
    }
}
