using Chronicle.Sql.Execution;
using Chronicle.Storage;

namespace Chronicle.Data.Internal;

/// <summary>
/// One opened database directory in this process: the <see cref="StorageEngine"/> and the
/// <see cref="SqlDatabase"/> over it, shared by every connection and data source to that
/// directory and reference counted by <see cref="DatabaseRegistry"/> (opened with the first
/// lease, disposed with the last).
/// </summary>
internal sealed class SharedDatabase
{
    public SharedDatabase(string key, StorageEngine engine, bool readOnly)
    {
        Key = key;
        Engine = engine;
        Sql = new SqlDatabase(engine) { ArrowCopy = Arrow.ArrowCopyHandler.Instance };
        ReadOnly = readOnly;
    }

    /// <summary>The registry key: the directory's full path.</summary>
    public string Key { get; }

    /// <summary>The engine (owned: disposed when the last lease is released).</summary>
    public StorageEngine Engine { get; }

    /// <summary>The SQL layer over <see cref="Engine"/>.</summary>
    public SqlDatabase Sql { get; }

    /// <summary>Whether the engine was opened read-only.</summary>
    public bool ReadOnly { get; }

    /// <summary>Leases held; guarded by the registry's lock.</summary>
    public int RefCount { get; set; }
}
