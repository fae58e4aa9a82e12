namespace Chronicle.Storage.Segments;

/// <summary>A live segment as the manifest lists it.</summary>
/// <param name="Info">The segment's description.</param>
/// <param name="Sequence">
/// Write order of the segment's contents: a segment written later has a higher sequence, and where
/// two segments hold a sample of the same series and timestamp, the one of the higher sequence wins.
/// A merge output takes the highest sequence of its inputs (see <see cref="Compaction.CompactionPlanner"/>).
/// </param>
internal sealed record SegmentEntry(SegmentInfo Info, long Sequence);
