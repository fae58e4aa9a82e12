namespace Chronicle.Storage.Segments;

/// <summary>
/// Where segment chunks of a series begin and end: at multiples of an alignment window W (counted
/// from the Unix epoch), so every chunk lies inside one window. W is chosen per series per segment
/// from a ladder of calendar-friendly widths, as the widest whose expected sample count (from the
/// series' observed rate in that segment) stays within the maximum samples per chunk, and never
/// wider than the shard. A chunk also ends when it reaches the maximum count, so a burst cannot
/// make one chunk unbounded. See docs/architecture.md, "ADR: time-aligned segment chunks".
/// </summary>
/// <remarks>
/// Worked example: a series at one sample per 10 s holds 0.1 samples/s; with a maximum of 512,
/// 1 h (360 expected) fits and 6 h (2,160) does not, so chunks cover [00:00, 01:00), [01:00, 02:00)...
/// A query with a time bucket that is a multiple of 1 h then covers whole chunks, and its aggregate
/// is answered from the chunk statistics in the index. Hourly data (168 per 7 days) gets 7-day windows.
/// </remarks>
internal static class ChunkAlignment
{
    private const long Minute = 60_000_000_000L;

    /// <summary>The window widths tried, narrowest first, in nanoseconds: 1 min, 5 min, 15 min, 1 h, 6 h, 1 day, 7 days.</summary>
    public static ReadOnlySpan<long> Ladder => [Minute, 5 * Minute, 15 * Minute, 60 * Minute, 360 * Minute, 1440 * Minute, 7 * 1440 * Minute];

    /// <summary>The default maximum samples per segment chunk.</summary>
    public const int DefaultMaxSamples = 512;

    /// <summary>
    /// The alignment window for a series holding <paramref name="count"/> samples between
    /// <paramref name="minTime"/> and <paramref name="maxTime"/> in one segment.
    /// </summary>
    /// <param name="count">Samples of the series in the segment (an upper bound is fine), at least 1.</param>
    /// <param name="minTime">Earliest of them, nanoseconds.</param>
    /// <param name="maxTime">Latest of them, nanoseconds.</param>
    /// <param name="shardWidth">The shard width, nanoseconds, at least 1: the window is never wider.</param>
    /// <param name="maxSamples">Maximum samples per chunk, at least 1.</param>
    /// <returns>The window width in nanoseconds: a ladder step, or the shard width when the shard is narrower than every step.</returns>
    public static long ChooseWindow(long count, long minTime, long maxTime, long shardWidth, int maxSamples)
    {
        // Expected samples in a window of width w: w * (count - 1) / span. One sample, or all at one
        // instant, says nothing about the rate: take the widest window the shard allows.
        double rate = count <= 1 || maxTime <= minTime ? 0 : (count - 1) / ((double)maxTime - minTime);
        long chosen = 0;
        foreach (long w in Ladder)
        {
            if (w > shardWidth) break;
            if (chosen != 0 && w * rate > maxSamples) break;
            chosen = w;
        }
        return chosen == 0 ? shardWidth : chosen;
    }

    /// <summary>The last nanosecond of the window of width <paramref name="width"/> that holds <paramref name="time"/> (saturating at <see cref="long.MaxValue"/>).</summary>
    public static long LastInWindow(long time, long width)
    {
        long r = time % width;
        if (r < 0) r += width;
        long remaining = width - 1 - r;
        return time > long.MaxValue - remaining ? long.MaxValue : time + remaining;
    }

    /// <summary>The window number of <paramref name="time"/>: floor(time / width), also for negative times.</summary>
    public static long WindowOf(long time, long width)
    {
        long q = time / width;
        return (time % width) < 0 ? q - 1 : q;
    }
}
