using Chronicle.Storage.Catalog;

namespace Chronicle.Storage.Reading;

/// <summary>
/// A consistent snapshot of the engine for one query: the memstores and the segment set as they
/// were when the view was opened, pinned until disposal (compaction never deletes a file a view
/// holds). Not thread-safe; one per query.
/// </summary>
public sealed class ReadView : IDisposable
{
    /// <summary>IDs of the series of <paramref name="table"/> whose tags satisfy every matcher, in increasing order; optionally only the given fields.</summary>
    public IReadOnlyList<long> MatchSeries(string table, IReadOnlyList<TagMatcher> matchers, IReadOnlyCollection<string>? fields = null) => throw new NotImplementedException();

    /// <summary>The series with ID <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such series.</exception>
    public SeriesInfo GetSeries(long id) => throw new NotImplementedException();

    /// <summary>
    /// The samples of one series with <paramref name="minTime"/> &lt;= time &lt;= <paramref name="maxTime"/>,
    /// merged from memstores and segments, deduplicated (the newest write wins), tombstones applied,
    /// in increasing time order, in blocks of at most <paramref name="blockSize"/> samples.
    /// </summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="minTime">Inclusive lower bound, nanoseconds.</param>
    /// <param name="maxTime">Inclusive upper bound, nanoseconds.</param>
    /// <param name="summarize">
    /// When given, a stored chunk whose samples are all the series has in its time range (no overlap
    /// with other sources, no tombstone) and for which <c>summarize(chunkMinTime, chunkMaxTime)</c>
    /// is true is yielded as a summary block instead of being decoded.
    /// </param>
    /// <param name="blockSize">Maximum samples per block.</param>
    public IEnumerable<SampleBlock> Read(long seriesId, long minTime, long maxTime, Func<long, long, bool>? summarize = null, int blockSize = 4096) => throw new NotImplementedException();

    /// <summary>What the reads of this view kept and pruned (shards, segments, chunks), for EXPLAIN.</summary>
    public ReadStatistics Statistics { get; } = new();

    /// <inheritdoc/>
    public void Dispose() => throw new NotImplementedException();
}

/// <summary>Counters of the pruning done by the reads of one <see cref="ReadView"/>.</summary>
public sealed class ReadStatistics
{
    /// <summary>Shards overlapping the queried range / skipped.</summary>
    public int ShardsKept, ShardsPruned;
    /// <summary>Segments read / skipped by time.</summary>
    public int SegmentsKept, SegmentsPruned;
    /// <summary>Chunks decoded / skipped by time / answered from their summary.</summary>
    public long ChunksDecoded, ChunksPruned, ChunksSummarized;
    /// <summary>Samples decoded.</summary>
    public long SamplesDecoded;
}
