using Chronicle.Storage.Catalog;
using Chronicle.Storage.Head;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Reading;

/// <summary>
/// A consistent snapshot of the engine for one query: the memstores and the segment set as they
/// were when the view was opened, pinned until disposal (compaction never unmaps a file a view
/// holds). Not thread-safe; one per query.
/// </summary>
public sealed class ReadView : IDisposable
{
    private readonly StorageEngine _engine;
    private readonly EngineState _state;
    private readonly LiveSegment[] _segmentsNewestFirst;
    private bool _disposed;

    /// <param name="engine">The engine.</param>
    /// <param name="state">The state read.</param>
    /// <param name="order">The order of <paramref name="state"/>'s segments, every one of them pinned for this view (released by <see cref="Dispose"/>).</param>
    internal ReadView(StorageEngine engine, EngineState state, SegmentOrder order)
    {
        _engine = engine;
        _state = state;
        _segmentsNewestFirst = order.NewestFirst;
        _shardOf = order.ShardOf;
        _shardCount = order.ShardCount;
    }

    // The shard (index into the view's distinct shard starts) of each segment, for the statistics.
    private readonly int[] _shardOf;
    private readonly int _shardCount;

    /// <summary>IDs of the series of <paramref name="table"/> whose tags satisfy every matcher, in increasing order; optionally only the given fields.</summary>
    public IReadOnlyList<long> MatchSeries(string table, IReadOnlyList<TagMatcher> matchers, IReadOnlyCollection<string>? fields = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _engine.Catalog.Match(table, matchers, fields);
    }

    /// <summary>
    /// The catalog's version: it grows whenever a table or series is added or removed, so while it
    /// is unchanged <see cref="MatchSeries"/> gives the same answers (a caller may keep them). Read
    /// it before matching: a change racing with the match then shows as a newer version.
    /// </summary>
    public long CatalogVersion => _engine.Catalog.Version;

    /// <summary>The series with ID <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such series.</exception>
    public SeriesInfo GetSeries(long id) => _engine.GetSeries(id);

    /// <summary>
    /// The samples of one series with <paramref name="minTime"/> &lt;= time &lt;= <paramref name="maxTime"/>,
    /// merged from memstores and segments, deduplicated (the newest write wins), tombstones and
    /// retention applied, in increasing time order, in blocks of at most <paramref name="blockSize"/> samples.
    /// </summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="minTime">Inclusive lower bound, nanoseconds.</param>
    /// <param name="maxTime">Inclusive upper bound, nanoseconds.</param>
    /// <param name="summarize">
    /// When given, a stored chunk that overlaps no other stored piece of the series and no tombstone,
    /// lies inside the range, and for which <c>summarize(chunkMinTime, chunkMaxTime)</c> is true is
    /// yielded as a summary block instead of being decoded (aggregate pushdown).
    /// </param>
    /// <param name="blockSize">Maximum samples per block, at least 1.</param>
    /// <param name="skip">
    /// When given, a group of overlapping stored pieces whose time span, clipped to the range, is
    /// [lo, hi] with <c>skip(lo, hi)</c> true is not read at all: the caller needs nothing from it
    /// (e.g. its samples would only create aggregation groups that exist already). Asked before
    /// <paramref name="summarize"/>.
    /// </param>
    /// <param name="reuseArrays">
    /// When true, the arrays of a block decoded from a single chunk are reused for the next such
    /// block: the caller must be done with a block before it moves to the next (a streaming scan).
    /// This saves two new arrays per chunk. When false, every block owns its arrays.
    /// </param>
    /// <exception cref="KeyNotFoundException">No such series.</exception>
    /// <exception cref="CorruptionException">A segment chunk fails its CRC (the message names file and offset).</exception>
    public IEnumerable<SampleBlock> Read(long seriesId, long minTime, long maxTime, Func<long, long, bool>? summarize = null, int blockSize = 4096,
        Func<long, long, bool>? skip = null, bool reuseArrays = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var info = _engine.GetSeries(seriesId);
        minTime = RetentionFloor(info, minTime);
        if (minTime > maxTime) return [];
        var sources = CollectSources(seriesId, minTime, maxTime);
        var tombstones = TombstonesFor(seriesId, minTime, maxTime);
        return Iterate(info.Type, sources, tombstones, minTime, maxTime, summarize, blockSize, skip, reuseArrays ? new DecodeBuffer() : null);
    }

    /// <summary>The minimum time of a read of the series' table after retention (<paramref name="minTime"/> or later).</summary>
    private long RetentionFloor(SeriesInfo info, long minTime)
    {
        if (RetentionOf(info.Key.Table) is not { } retention) return minTime;
        long cutoff = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 - (long)(retention.TotalMilliseconds * 1_000_000);
        return Math.Max(minTime, cutoff);
    }

    // The last table asked about and its retention: a query reads the series of one table.
    private string? _retentionTable;
    private TimeSpan? _retention;

    /// <summary>The retention period of <paramref name="table"/> (null: keep everything), looked up once per view and table.</summary>
    private TimeSpan? RetentionOf(string table)
    {
        if (!string.Equals(table, _retentionTable, StringComparison.Ordinal))
        {
            _retention = _engine.Catalog.GetTable(table)?.Retention;
            _retentionTable = table;
        }
        return _retention;
    }

    /// <summary>The pieces of the series overlapping the range and ending at or after <paramref name="floor"/>, by start time.</summary>
    private List<ChunkSource> CollectSources(long seriesId, long minTime, long maxTime, long floor = long.MinValue)
    {
        var sources = new List<ChunkSource>();
        AddMemstore(_state.Active, seriesId, minTime, maxTime, floor, sources);
        foreach (var frozen in _state.Frozen) AddMemstore(frozen, seriesId, minTime, maxTime, floor, sources);
        foreach (var segment in _segmentsNewestFirst)
        {
            var segInfo = segment.Reader.Info;
            if (segInfo.MaxTime < minTime || segInfo.MinTime > maxTime) { Statistics.SegmentsPruned++; continue; }
            if (!segment.Reader.TryGetSeries(seriesId, out _, out var chunks, out int firstChunk)) continue;
            Statistics.SegmentsKept++;
            for (int j = 0; j < chunks.Length; j++)
            {
                ref readonly var chunk = ref chunks[j];
                if (chunk.Summary.MaxTime < minTime || chunk.Summary.MinTime > maxTime) { Statistics.ChunksPruned++; continue; }
                if (chunk.Summary.MaxTime < floor) continue;
                sources.Add(ChunkSource.FromSegment(segment.Reader, chunk, firstChunk + j, segment.Entry.Sequence));
            }
        }
        if (sources.Count > 1) sources.Sort(ByMinTime);
        CountShards(minTime, maxTime);
        return sources;
    }

    /// <summary>Counts the shards with a segment overlapping the range as kept, the others as pruned.</summary>
    private void CountShards(long minTime, long maxTime)
    {
        if (_shardCount > 0)
        {
            Span<bool> kept = _shardCount <= 256 ? stackalloc bool[_shardCount] : new bool[_shardCount];
            int keptCount = 0;
            for (int i = 0; i < _segmentsNewestFirst.Length; i++)
            {
                var segInfo = _segmentsNewestFirst[i].Reader.Info;
                if (segInfo.MaxTime >= minTime && segInfo.MinTime <= maxTime && !kept[_shardOf[i]]) { kept[_shardOf[i]] = true; keptCount++; }
            }
            Statistics.ShardsKept += keptCount;
            Statistics.ShardsPruned += _shardCount - keptCount;
        }
    }

    private static readonly Comparison<ChunkSource> ByMinTime = (a, b) => a.MinTime.CompareTo(b.MinTime);

    /// <summary>The tombstones that may cover samples of the series in the range.</summary>
    private Tombstone[] TombstonesFor(long seriesId, long minTime, long maxTime) =>
        _state.Tombstones.Count == 0 ? []
            : _state.Tombstones.Where(t => t.MinTime <= maxTime && t.MaxTime >= minTime && Array.BinarySearch(t.SeriesIds, seriesId) >= 0).ToArray();

    private void AddMemstore(Memstore memstore, long seriesId, long minTime, long maxTime, long floor, List<ChunkSource> sources)
    {
        var series = memstore.TryGet(seriesId);
        if (series is null) return;
        var (chunks, outOfOrder) = series.Snapshot();
        foreach (var chunk in chunks)
        {
            if (chunk.Summary.MaxTime < minTime || chunk.Summary.MinTime > maxTime) { Statistics.ChunksPruned++; continue; }
            if (chunk.Summary.MaxTime < floor) continue;
            sources.Add(ChunkSource.FromMemory(chunk, memstore.Sequence));
        }
        if (outOfOrder is { Count: > 0 } && outOfOrder.Timestamps[0] <= maxTime && outOfOrder.Timestamps[outOfOrder.Count - 1] >= Math.Max(minTime, floor))
            sources.Add(ChunkSource.FromRun(outOfOrder, memstore.Sequence));
    }

    /// <summary>
    /// The last block that <see cref="Read"/> with the same arguments and an unlimited block size
    /// would yield, or null when the series has no sample in the range: the newest samples are
    /// found by merging only the series' last group of overlapping chunks (and earlier groups only
    /// while later ones turn out empty after deduplication, tombstones and the range). Enough for
    /// aggregates that need only the newest sample (last, max(time)).
    /// </summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="minTime">Inclusive lower bound, nanoseconds.</param>
    /// <param name="maxTime">Inclusive upper bound, nanoseconds.</param>
    /// <param name="summarize">As for <see cref="Read"/>.</param>
    /// <exception cref="KeyNotFoundException">No such series.</exception>
    /// <exception cref="CorruptionException">A segment chunk fails its CRC.</exception>
    public SampleBlock? ReadLast(long seriesId, long minTime, long maxTime, Func<long, long, bool>? summarize = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = _engine.GetSeries(seriesId);
        minTime = RetentionFloor(info, minTime);
        if (minTime > maxTime) return null;
        var tombstones = TombstonesFor(seriesId, minTime, maxTime);
        long hi = maxTime;
        // Usually the newest piece overlaps no other: it alone is the last group, found in one pass.
        if (NewestAlone(seriesId, minTime, maxTime, out var memoryPiece, out var segment, out var chunk, out int chunkIndex))
        {
            // A segment chunk answered from its summary needs no ChunkSource.
            if (segment is not null && Summarizes(chunk.Summary, segment.Entry.Sequence, tombstones, minTime, maxTime, summarize))
                return new SampleBlock(info.Type, chunk.Summary);
            var alone = memoryPiece ?? ChunkSource.FromSegment(segment!.Reader, chunk, chunkIndex, segment.Entry.Sequence);
            var block = SourceBlock(info.Type, alone, tombstones, minTime, maxTime, summarize);
            if (block is not null) return block;
            if (alone.MinTime <= minTime) return null;
            hi = alone.MinTime - 1;
        }
        while (NewestPiece(seriesId, minTime, hi) is { } floor)
        {
            // The last group of overlapping pieces: those ending at or after `floor`, widened until
            // no piece of it starts before `floor` (every piece ending earlier lies wholly before it).
            List<ChunkSource> group;
            while (true)
            {
                group = CollectSources(seriesId, minTime, hi, floor);
                long first = group[0].MinTime;
                if (first >= floor) break;
                floor = first;
            }
            var block = GroupBlock(info.Type, group, tombstones, minTime, hi, summarize);
            if (block is not null) return block;
            // Everything in this group was deleted, overwritten away or out of range: the group before it.
            if (floor <= minTime) return null;
            hi = floor - 1;
        }
        return null;
    }

    /// <summary>
    /// Finds the piece of the series that ends last among those overlapping the range; true when it
    /// overlaps no other such piece (so it alone is the series' last group), counting the pruning as
    /// <see cref="CollectSources"/> would for that group. The piece is <paramref name="memoryPiece"/>
    /// (memstore) or <paramref name="chunk"/> of <paramref name="segment"/>. One pass over the
    /// memstores and the segments' chunk lists.
    /// </summary>
    private bool NewestAlone(long seriesId, long minTime, long maxTime, out ChunkSource? memoryPiece, out LiveSegment? segment, out ChunkRef chunk, out int chunkIndex)
    {
        memoryPiece = null;
        segment = null;
        chunk = default;
        chunkIndex = -1;
        ChunkSource? best = null; // a memstore piece, while it is the newest
        long bestMax = long.MinValue;
        long otherMax = long.MinValue; // the latest end among the other pieces in range
        bool any = false;
        int pruned = 0;
        for (int m = -1; m < _state.Frozen.Count; m++)
        {
            var memstore = m < 0 ? _state.Active : _state.Frozen[m];
            var series = memstore.TryGet(seriesId);
            if (series is null) continue;
            var (sealedChunks, outOfOrder) = series.Snapshot();
            foreach (var sealedChunk in sealedChunks)
            {
                var s = sealedChunk.Summary;
                if (s.MaxTime < minTime || s.MinTime > maxTime) { pruned++; continue; }
                if (Newer(s.MaxTime, ref any, ref bestMax, ref otherMax)) best = ChunkSource.FromMemory(sealedChunk, memstore.Sequence);
            }
            if (outOfOrder is { Count: > 0 } && outOfOrder.Timestamps[0] <= maxTime && outOfOrder.Timestamps[outOfOrder.Count - 1] >= minTime
                && Newer(outOfOrder.Timestamps[outOfOrder.Count - 1], ref any, ref bestMax, ref otherMax))
                best = ChunkSource.FromRun(outOfOrder, memstore.Sequence);
        }
        int segmentsKept = 0, segmentsPruned = 0;
        long bestMin = best?.MinTime ?? 0;
        foreach (var live in _segmentsNewestFirst)
        {
            var segInfo = live.Reader.Info;
            if (segInfo.MaxTime < minTime || segInfo.MinTime > maxTime) { segmentsPruned++; continue; }
            if (!live.Reader.TryGetSeries(seriesId, out _, out var chunks, out int firstChunk)) continue;
            segmentsKept++;
            // A segment's chunks of one series are in increasing, non-overlapping time order (the
            // format guarantees it): those in range are a run [first, last]. Only the last matters:
            // the others end before it starts, so none of them overlaps it, and one overlapping a
            // newer piece means the last overlaps that piece too.
            int last = chunks.Length - 1, first = 0;
            while (last >= 0 && chunks[last].Summary.MinTime > maxTime) { pruned++; last--; }
            while (first <= last && chunks[first].Summary.MaxTime < minTime) { pruned++; first++; }
            if (first > last) continue;
            if (Newer(chunks[last].Summary.MaxTime, ref any, ref bestMax, ref otherMax))
            {
                bestMin = chunks[last].Summary.MinTime;
                best = null;
                segment = live;
                chunk = chunks[last];
                chunkIndex = firstChunk + last;
            }
        }
        if (!any || otherMax >= bestMin) return false;
        memoryPiece = best;
        Statistics.SegmentsPruned += segmentsPruned;
        Statistics.SegmentsKept += segmentsKept;
        Statistics.ChunksPruned += pruned;
        CountShards(minTime, maxTime);
        return true;
    }

    /// <summary>
    /// Offers a piece ending at <paramref name="end"/> to the search for the newest: true when it ends
    /// after every piece so far (it becomes the newest, the previous newest joins the others), false
    /// when not (<paramref name="otherMax"/> takes its end). A tie is not newer, so tied pieces overlap.
    /// </summary>
    private static bool Newer(long end, ref bool any, ref long bestMax, ref long otherMax)
    {
        if (any && end <= bestMax)
        {
            otherMax = Math.Max(otherMax, end);
            return false;
        }
        if (any) otherMax = Math.Max(otherMax, bestMax);
        bestMax = end;
        any = true;
        return true;
    }

    /// <summary>The start time of the piece of the series that ends last among those overlapping the range, or null when none does.</summary>
    private long? NewestPiece(long seriesId, long minTime, long maxTime)
    {
        long bestMax = long.MinValue, bestMin = 0;
        bool any = false;
        void Offer(long lo, long hi)
        {
            if (hi < minTime || lo > maxTime) return;
            if (!any || hi > bestMax) { bestMax = hi; bestMin = lo; any = true; }
        }
        foreach (var memstore in _state.Frozen.Prepend(_state.Active))
        {
            var series = memstore.TryGet(seriesId);
            if (series is null) continue;
            var (chunks, outOfOrder) = series.Snapshot();
            foreach (var chunk in chunks) Offer(chunk.Summary.MinTime, chunk.Summary.MaxTime);
            if (outOfOrder is { Count: > 0 }) Offer(outOfOrder.Timestamps[0], outOfOrder.Timestamps[outOfOrder.Count - 1]);
        }
        foreach (var segment in _segmentsNewestFirst)
        {
            var segInfo = segment.Reader.Info;
            if (segInfo.MaxTime < minTime || segInfo.MinTime > maxTime) continue;
            if (!segment.Reader.TryGetSeries(seriesId, out _, out var chunks)) continue;
            foreach (ref readonly var chunk in chunks) Offer(chunk.Summary.MinTime, chunk.Summary.MaxTime);
        }
        return any ? bestMin : null;
    }

    private IEnumerable<SampleBlock> Iterate(FieldType type, List<ChunkSource> sources, Tombstone[] tombstones,
        long minTime, long maxTime, Func<long, long, bool>? summarize, int blockSize, Func<long, long, bool>? skip, DecodeBuffer? buffer)
    {
        int i = 0;
        var group = new List<ChunkSource>();
        while (i < sources.Count)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A group is a maximal set of transitively overlapping pieces: only inside one do samples need merging.
            group.Clear();
            group.Add(sources[i]);
            long groupMax = sources[i].MaxTime;
            int j = i + 1;
            while (j < sources.Count && sources[j].MinTime <= groupMax)
            {
                group.Add(sources[j]);
                groupMax = Math.Max(groupMax, sources[j].MaxTime);
                j++;
            }
            if (skip is not null && skip(Math.Max(sources[i].MinTime, minTime), Math.Min(groupMax, maxTime)))
            {
                i = j;
                continue;
            }
            i = j;

            var block = GroupBlock(type, group, tombstones, minTime, maxTime, summarize, buffer);
            if (block is null) continue;
            if (block.Summary is not null || block.Count <= blockSize)
            {
                yield return block;
                continue;
            }
            for (int start = 0; start < block.Count; start += blockSize)
            {
                int n = Math.Min(blockSize, block.Count - start);
                yield return new SampleBlock(type, block.Timestamps[start..(start + n)], block.Values[start..(start + n)],
                    block.Strings?[start..(start + n)], n);
            }
        }
    }

    /// <summary>One group of overlapping pieces as a summary block or as its merged samples in range; null when none remain.</summary>
    private SampleBlock? GroupBlock(FieldType type, List<ChunkSource> group, Tombstone[] tombstones,
        long minTime, long maxTime, Func<long, long, bool>? summarize, DecodeBuffer? buffer = null)
    {
        if (group.Count == 1) return SourceBlock(type, group[0], tombstones, minTime, maxTime, summarize, buffer);
        return MergedBlock(type, group, tombstones, minTime, maxTime);
    }

    /// <summary>
    /// Decodes overlapping pieces and merges them, newest priority last (kept apart from
    /// <see cref="GroupBlock"/> so that its closure is allocated only when pieces overlap).
    /// </summary>
    private SampleBlock? MergedBlock(FieldType type, List<ChunkSource> group, Tombstone[] tombstones, long minTime, long maxTime)
    {
        var runs = group.OrderBy(s => s.Priority).Select(s => DecodeFiltered(s, type, tombstones, minTime: minTime, maxTime: maxTime)).ToList();
        return InRange(type, RunMerge.Merge(runs, type == FieldType.VarChar), minTime, maxTime);
    }

    /// <summary>A piece that overlaps no other as a summary block or as its samples in range; null when none remain.</summary>
    private SampleBlock? SourceBlock(FieldType type, ChunkSource source, Tombstone[] tombstones,
        long minTime, long maxTime, Func<long, long, bool>? summarize, DecodeBuffer? buffer = null)
    {
        if (source.Summary is { } summary && Summarizes(summary, source.Sequence, tombstones, minTime, maxTime, summarize))
            return new SampleBlock(type, summary);
        return InRange(type, DecodeFiltered(source, type, tombstones, buffer, minTime, maxTime), minTime, maxTime);
    }

    /// <summary>
    /// Whether a chunk that overlaps no other piece may be answered from its summary: it lies inside
    /// the range, no newer tombstone overlaps it and the caller's <paramref name="summarize"/> agrees
    /// (then counted as summarized).
    /// </summary>
    private bool Summarizes(in ChunkSummary summary, long sequence, Tombstone[] tombstones, long minTime, long maxTime, Func<long, long, bool>? summarize)
    {
        if (summarize is null || summary.MinTime < minTime || summary.MaxTime > maxTime
            || Covers(tombstones, sequence, summary.MinTime, summary.MaxTime)
            || !summarize(summary.MinTime, summary.MaxTime)) return false;
        Statistics.ChunksSummarized++;
        return true;
    }

    private static SampleBlock? InRange(FieldType type, SampleRun run, long minTime, long maxTime)
    {
        var merged = RunMerge.Slice(run, minTime, maxTime);
        return merged.Count == 0 ? null : new SampleBlock(type, merged.Timestamps, merged.Values, merged.Strings, merged.Count);
    }

    /// <summary>Whether a tombstone newer than <paramref name="sequence"/> overlaps [<paramref name="min"/>, <paramref name="max"/>].</summary>
    private static bool Covers(Tombstone[] tombstones, long sequence, long min, long max)
    {
        foreach (var t in tombstones)
            if (t.Sequence > sequence && t.MinTime <= max && t.MaxTime >= min) return true;
        return false;
    }

    /// <summary>
    /// The samples of <paramref name="source"/> in [<paramref name="minTime"/>, <paramref name="maxTime"/>]
    /// (at least: a chunk keeps only those and stops decoding after the range, other pieces come
    /// whole), without those newer tombstones delete. The caller clips to its range; samples
    /// outside it are never needed, not even to deduplicate, since a duplicate has the same timestamp.
    /// </summary>
    private SampleRun DecodeFiltered(ChunkSource source, FieldType type, Tombstone[] tombstones, DecodeBuffer? buffer = null,
        long minTime = long.MinValue, long maxTime = long.MaxValue)
    {
        var run = source.Decode(type, buffer, minTime, maxTime);
        if (source.Summary is not null) { Statistics.ChunksDecoded++; Statistics.SamplesDecoded += run.Count; }
        foreach (var t in tombstones)
            if (t.Sequence > source.Sequence && t.MinTime <= source.MaxTime && t.MaxTime >= source.MinTime)
                run = RunMerge.Remove(run, t.MinTime, t.MaxTime);
        return run;
    }

    /// <summary>What the reads of this view kept and pruned (shards, segments, chunks), for EXPLAIN.</summary>
    public ReadStatistics Statistics { get; } = new();

    /// <summary>Live segments in this view's snapshot.</summary>
    public int SegmentCount => _segmentsNewestFirst.Length;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _segmentsNewestFirst) s.Reader.Release();
    }
}

/// <summary>Counters of the pruning done by the reads of one <see cref="ReadView"/>.</summary>
public sealed class ReadStatistics
{
    /// <summary>Shards (segment time partitions) with at least one segment read.</summary>
    public int ShardsKept;
    /// <summary>Shards whose segments were all skipped by time.</summary>
    public int ShardsPruned;
    /// <summary>Segments whose time range overlapped a read and held the series.</summary>
    public int SegmentsKept;
    /// <summary>Segments skipped because their time range missed the read's.</summary>
    public int SegmentsPruned;
    /// <summary>Chunks decoded.</summary>
    public long ChunksDecoded;
    /// <summary>Chunks skipped by time.</summary>
    public long ChunksPruned;
    /// <summary>Chunks answered from their summary without decoding.</summary>
    public long ChunksSummarized;
    /// <summary>Samples decoded from chunks.</summary>
    public long SamplesDecoded;
}
