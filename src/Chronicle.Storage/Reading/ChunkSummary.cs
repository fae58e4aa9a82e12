namespace Chronicle.Storage.Reading;

/// <summary>
/// Statistics of one chunk as stored in a segment's series index: enough to answer count, sum,
/// min, max, first and last over the whole chunk without decoding it.
/// </summary>
/// <param name="MinTime">Earliest timestamp, nanoseconds.</param>
/// <param name="MaxTime">Latest timestamp, nanoseconds.</param>
/// <param name="Count">Number of samples.</param>
/// <param name="Min">Minimum value (numeric types; for Boolean 0 or 1; NaN for VarChar).</param>
/// <param name="Max">Maximum value (as <paramref name="Min"/>).</param>
/// <param name="Sum">Sum of the values (as <paramref name="Min"/>).</param>
/// <param name="First">Value at <paramref name="MinTime"/> as a 64-bit word.</param>
/// <param name="Last">Value at <paramref name="MaxTime"/> as a 64-bit word.</param>
public readonly record struct ChunkSummary(long MinTime, long MaxTime, int Count, double Min, double Max, double Sum, long First, long Last);
