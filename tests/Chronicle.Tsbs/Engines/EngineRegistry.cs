using Chronicle.Tsbs.Engines.Chronicle;
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
        new("chronicle", _ => null, context => new ChronicleEngine(context)),
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
