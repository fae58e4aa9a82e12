using Chronicle.Tsbs.Queries;
using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Engines;

/// <summary>
/// One database under test. The runner calls, in order: <see cref="LoadAsync"/> once, then
/// <see cref="RunAsync"/> many times, then reads <see cref="BytesOnDisk"/> and
/// <see cref="PeakMemoryBytes"/>, then disposes (which removes the engine's files and processes).
/// </summary>
public interface IEngine : IAsyncDisposable
{
    /// <summary>The name used on the command line and in the report (lower case, e.g. <c>sqlite</c>).</summary>
    string Name { get; }

    /// <summary>A short description of version and settings, for the report.</summary>
    string Description { get; }

    /// <summary>How <see cref="PeakMemoryBytes"/> is measured, for the report's footnotes.</summary>
    string PeakMemoryMethod { get; }

    /// <summary>
    /// Creates the <c>cpu</c> table and ingests every row of <paramref name="workload"/>, with the
    /// engine's natural bulk path; returns the samples ingested and the wall time, including index
    /// building and making the data durable the engine's way.
    /// </summary>
    Task<LoadResult> LoadAsync(CpuWorkload workload, CancellationToken cancellationToken);

    /// <summary>Bytes the loaded data occupies on disk (table, indexes and write-ahead log).</summary>
    long BytesOnDisk { get; }

    /// <summary>Peak resident memory in bytes since the engine was created, or null when not measurable.</summary>
    long? PeakMemoryBytes { get; }

    /// <summary>Runs <paramref name="query"/> and returns its answer in the neutral shape.</summary>
    Task<QueryResult> RunAsync(TsbsQuery query, CancellationToken cancellationToken);

    /// <summary>The SQL the engine sends for <paramref name="query"/> (for the report and for debugging).</summary>
    string SqlFor(TsbsQuery query);
}
