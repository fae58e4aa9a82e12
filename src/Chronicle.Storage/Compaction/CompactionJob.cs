using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Compaction;

/// <summary>One merge the planner asks for: all <paramref name="Inputs"/> (every segment of one level of one shard) into one segment of <paramref name="OutputLevel"/>.</summary>
/// <param name="ShardStart">The shard, nanoseconds.</param>
/// <param name="InputLevel">The level whose segments merge.</param>
/// <param name="OutputLevel"><paramref name="InputLevel"/> + 1.</param>
/// <param name="Inputs">The segments to merge, in increasing sequence order.</param>
internal sealed record CompactionJob(long ShardStart, int InputLevel, int OutputLevel, IReadOnlyList<SegmentEntry> Inputs)
{
    /// <summary>The sequence the merged segment takes: the highest of its inputs (see <see cref="CompactionPlanner"/> for why this is correct).</summary>
    public long OutputSequence => Inputs.Max(s => s.Sequence);
}
