namespace Chronicle.Tsbs.Engines;

/// <summary>What an engine needs from the runner.</summary>
/// <param name="WorkDirectory">An empty directory the engine owns for its files; the runner deletes it afterwards.</param>
/// <param name="SuiteDirectory">The source directory tests/Chronicle.Tsbs (holds duckdb/ and postgres.sh).</param>
/// <param name="Log">Progress messages (to stderr).</param>
public sealed record EngineContext(string WorkDirectory, string SuiteDirectory, Action<string> Log);
