namespace Chronicle.Storage.Segments;

/// <summary>
/// A deletion: every sample of the listed series with a timestamp in [<paramref name="MinTime"/>,
/// <paramref name="MaxTime"/>] (inclusive) that was written before the tombstone, that is, held by a
/// segment whose <see cref="SegmentEntry.Sequence"/> is lower than <paramref name="Sequence"/>.
/// </summary>
/// <param name="SeriesIds">The deleted series, in any order.</param>
/// <param name="MinTime">First deleted timestamp, nanoseconds, inclusive.</param>
/// <param name="MaxTime">Last deleted timestamp, nanoseconds, inclusive.</param>
/// <param name="Sequence">The tombstone's place in the write order (shared with segment sequences).</param>
internal sealed record Tombstone(long[] SeriesIds, long MinTime, long MaxTime, long Sequence)
{
    /// <summary>Whether the tombstone deletes the sample at <paramref name="time"/> of a segment of sequence <paramref name="segmentSequence"/> (the series is assumed to be listed).</summary>
    public bool Covers(long time, long segmentSequence) =>
        segmentSequence < Sequence && time >= MinTime && time <= MaxTime;
}
