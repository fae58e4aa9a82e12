using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Compaction;

/// <summary>
/// Decides which segments of one shard merge: when level L holds at least <c>threshold</c> segments,
/// ALL segments of level L merge into one segment of level L + 1, which takes the highest sequence
/// of its inputs.
/// </summary>
/// <remarks>
/// <para>
/// Why all of a level, and never a subset: queries and merges resolve a duplicate sample (same series,
/// same timestamp) by the segment sequence, newest wins. A merge output carries one sequence (the
/// highest of its inputs) for every sample in it, so it is correct only if no live segment outside
/// the merge has a sequence between the lowest and highest input sequence; otherwise that segment's
/// newer sample would lose to an older sample that was lifted to the output's sequence. The rule keeps
/// the invariant "every segment of level L + 1 is older than every segment of level L" (a flush always
/// writes a new L0 with the newest sequence; a merge turns the whole of level L, which is newer than
/// all of L + 1, into the newest segment of L + 1), so each level holds a contiguous range of
/// sequences and merging a whole level never skips over a segment.
/// </para>
/// <para>
/// Worked example, threshold 3. Flushes write L0 segments with sequences 1, 2, 3. Level 0 has 3
/// segments: merge {1, 2, 3} into an L1 segment with sequence 3. Flushes write L0 with 4, 5, 6: merge
/// into L1 with sequence 6. Likewise 7, 8, 9 -> L1 with 9. Now L1 = {3, 6, 9} (each older than any
/// L0 to come) and it merges into L2 with sequence 9. Had the planner instead merged L0 {4, 6} while
/// 5 stayed behind, the output would carry sequence 6 for the samples of 4, and a sample that 5 rewrote
/// at the same timestamp would lose to 4's older value: the wrong answer.
/// </para>
/// <para>
/// Jobs of different levels are disjoint and may run in any order or concurrently: a merge of L0
/// into L1 adds a segment to L1 that is newer than every existing L1 segment, so a concurrent merge of
/// those existing L1 segments into L2 still takes only segments older than the rest of L1.
/// </para>
/// </remarks>
internal static class CompactionPlanner
{
    /// <summary>Plans the merges of one shard.</summary>
    /// <param name="shardSegments">The live segments of one shard (all with the same <see cref="SegmentInfo.ShardStart"/>), in any order.</param>
    /// <param name="threshold">Segments in one level that trigger its merge, at least 2 (<see cref="StorageOptions.CompactionThreshold"/>).</param>
    /// <returns>One job per level that reached the threshold, lowest level first; empty when none did.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The segments belong to different shards.</exception>
    public static IReadOnlyList<CompactionJob> Plan(IReadOnlyList<SegmentEntry> shardSegments, int threshold)
    {
        ArgumentNullException.ThrowIfNull(shardSegments);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 2);
        if (shardSegments.Count == 0) return [];
        long shard = shardSegments[0].Info.ShardStart;
        if (shardSegments.Any(s => s.Info.ShardStart != shard))
            throw new ArgumentException("segments of more than one shard given to the compaction planner", nameof(shardSegments));

        var jobs = new List<CompactionJob>();
        foreach (var level in shardSegments.GroupBy(s => s.Info.Level).OrderBy(g => g.Key))
        {
            var inputs = level.OrderBy(s => s.Sequence).ToArray();
            if (inputs.Length >= threshold)
                jobs.Add(new CompactionJob(shard, level.Key, level.Key + 1, inputs));
        }
        return jobs;
    }
}
