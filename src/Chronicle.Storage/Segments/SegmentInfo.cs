namespace Chronicle.Storage.Segments;

/// <summary>What the manifest and the planner know about one segment file without opening it.</summary>
/// <param name="Id">Segment ID, unique within the database and never reused.</param>
/// <param name="Level">Compaction level: 0 for a memstore flush, L+1 for a merge of level L.</param>
/// <param name="ShardStart">Start of the segment's shard, nanoseconds since the Unix epoch.</param>
/// <param name="MinTime">Earliest sample timestamp, nanoseconds; <see cref="long.MaxValue"/> for an empty segment.</param>
/// <param name="MaxTime">Latest sample timestamp, nanoseconds; <see cref="long.MinValue"/> for an empty segment.</param>
/// <param name="SeriesCount">Number of series in the segment.</param>
/// <param name="SampleCount">Number of samples in the segment.</param>
/// <param name="SizeBytes">File length in bytes.</param>
/// <param name="FileName">File name (not path), relative to the segment directory.</param>
internal sealed record SegmentInfo(long Id, int Level, long ShardStart, long MinTime, long MaxTime, long SeriesCount, long SampleCount, long SizeBytes, string FileName)
{
    /// <summary>Whether the segment holds no sample (a merge whose inputs were all deleted or expired).</summary>
    public bool IsEmpty => SampleCount == 0;
}
