using Chronicle.Tsbs.Engines;
using Chronicle.Tsbs.Queries;

namespace Chronicle.Tsbs.Runner;

/// <summary>Everything measured for one engine in one suite run.</summary>
public sealed class EngineRun
{
    /// <summary>Creates the record of engine <paramref name="name"/>.</summary>
    public EngineRun(string name) => Name = name;

    /// <summary>Engine name.</summary>
    public string Name { get; }

    /// <summary>Version and settings.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>Why the engine did not run (unavailable here, or failed to start or load), or null.</summary>
    public string? Skipped { get; set; }

    /// <summary>True when the engine was available but failed to start or load: a suite failure, not a skip.</summary>
    public bool Failed { get; set; }

    /// <summary>The load outcome.</summary>
    public LoadResult? Load { get; set; }

    /// <summary>Bytes on disk after the load and the queries.</summary>
    public long BytesOnDisk { get; set; }

    /// <summary>Peak memory in bytes, or null.</summary>
    public long? PeakMemoryBytes { get; set; }

    /// <summary>How peak memory was measured.</summary>
    public string PeakMemoryMethod { get; set; } = string.Empty;

    /// <summary>Median latency per query name, milliseconds.</summary>
    public Dictionary<string, double> MedianMs { get; } = [];

    /// <summary>Answer per query name (from the first run).</summary>
    public Dictionary<string, QueryResult> Results { get; } = [];

    /// <summary>Error per query name for queries that threw.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>SQL sent per query name.</summary>
    public Dictionary<string, string> Sql { get; } = [];
}
