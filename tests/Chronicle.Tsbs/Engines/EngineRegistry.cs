using Chronicle.Tsbs.Engines.DuckDb;
using Chronicle.Tsbs.Engines.Postgres;
using Chronicle.Tsbs.Engines.Sqlite;

namespace Chronicle.Tsbs.Engines;

/// <summary>
/// The engines the runner knows, by command-line name. Each entry says whether the engine can run
/// here (null, or the reason it cannot) and how to create it.
/// </summary>
public static class EngineRegistry
{
    /// <summary>One registered engine.</summary>
    /// <param name="Name">Command-line name.</param>
    /// <param name="UnavailableReason">Returns null when the engine can run on this machine, else why not.</param>
    /// <param name="Create">Creates the engine in a fresh work directory.</param>
    public sealed record Entry(string Name, Func<EngineContext, string?> UnavailableReason, Func<EngineContext, IEngine> Create);

    /// <summary>Every engine, in report order.</summary>
    public static IReadOnlyList<Entry> All { get; } =
    [
        // ---------------------------------------------------------------------------------------
        // CHRONICLE GOES HERE. The integrator adds, first in this list:
        //
        //   new("chronicle", _ => null, context => new ChronicleEngine(context)),
        //
        // where ChronicleEngine : IEngine (Engines/Chronicle/ChronicleEngine.cs) opens a
        // ChronicleConnection on context.WorkDirectory, bulk-inserts the workload's batches,
        // runs ChronicleSql (Engines/Chronicle/ChronicleSql.cs) through a DbCommand, and reads the
        // rows with QueryResultReader.Read (time column as int64 ns, or DateTime). Peak memory:
        // in-process, so use ProcStatus.ResetSelfPeak() at creation and ProcStatus.SelfPeakBytes()
        // as SqliteEngine does. Then `--engines chronicle,sqlite,duckdb,postgres` makes Chronicle
        // the reference of every ratio.
        // ---------------------------------------------------------------------------------------
        new("sqlite", _ => null, context => new SqliteEngine(context)),
        new("duckdb", DuckDbEngine.UnavailableReason, context => new DuckDbEngine(context)),
        new("postgres", PostgresEngine.UnavailableReason, context => new PostgresEngine(context)),
    ];

    /// <summary>Finds an engine by name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No engine has that name; the message lists the known ones.</exception>
    public static Entry Find(string name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown engine '{name}'. Known engines: {string.Join(", ", All.Select(e => e.Name))}.", nameof(name));
}
