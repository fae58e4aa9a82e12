using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Reading;

/// <summary>
/// The order a <see cref="ReadView"/> reads one segment set in: the live segments newest first
/// (by manifest sequence) and the shard (index into the set's distinct shard starts) of each.
/// Depends only on the set, so the engine computes it once per set (<see cref="For"/>), not per
/// view; every flush, compaction or retention drop makes a new set and so a new order.
/// </summary>
internal sealed class SegmentOrder
{
    private SegmentOrder(IReadOnlyList<LiveSegment> source, LiveSegment[] newestFirst, int[] shardOf, int shardCount)
    {
        Source = source;
        NewestFirst = newestFirst;
        ShardOf = shardOf;
        ShardCount = shardCount;
    }

    /// <summary>The segment set this order was computed from (compared by reference).</summary>
    public IReadOnlyList<LiveSegment> Source { get; }

    /// <summary>The segments, newest (highest sequence) first. Shared: never modified.</summary>
    public LiveSegment[] NewestFirst { get; }

    /// <summary>The shard of each segment of <see cref="NewestFirst"/>. Shared: never modified.</summary>
    public int[] ShardOf { get; }

    /// <summary>Distinct shard starts among the segments.</summary>
    public int ShardCount { get; }

    /// <summary><paramref name="cached"/> when it was computed from <paramref name="segments"/> (the same list object), else a new order of <paramref name="segments"/>.</summary>
    public static SegmentOrder For(IReadOnlyList<LiveSegment> segments, SegmentOrder? cached)
    {
        if (cached is not null && ReferenceEquals(cached.Source, segments)) return cached;
        var newestFirst = new LiveSegment[segments.Count];
        for (int i = 0; i < newestFirst.Length; i++) newestFirst[i] = segments[i];
        // Stable, as OrderByDescending was: equal sequences keep the set's order.
        var keys = new long[newestFirst.Length];
        var index = new int[newestFirst.Length];
        for (int i = 0; i < keys.Length; i++) { keys[i] = newestFirst[i].Entry.Sequence; index[i] = i; }
        Array.Sort(index, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        var sorted = new LiveSegment[index.Length];
        for (int i = 0; i < index.Length; i++) sorted[i] = newestFirst[index[i]];
        var shardOf = new int[sorted.Length];
        var shards = new List<long>();
        for (int i = 0; i < sorted.Length; i++)
        {
            long start = sorted[i].Reader.Info.ShardStart;
            int shard = shards.IndexOf(start);
            if (shard < 0) { shard = shards.Count; shards.Add(start); }
            shardOf[i] = shard;
        }
        return new SegmentOrder(segments, sorted, shardOf, shards.Count);
    }
}
