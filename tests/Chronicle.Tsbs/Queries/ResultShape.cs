namespace Chronicle.Tsbs.Queries;

/// <summary>
/// The column layout every engine's SQL for a query must produce, in this order: the group keys
/// (strings), then the time or bucket start (nanoseconds), then the values (doubles).
/// </summary>
/// <param name="KeyCount">Number of leading string key columns (0, 1 hostname, or 3 hostname, region, datacenter).</param>
/// <param name="ValueCount">Number of trailing DOUBLE columns.</param>
public sealed record ResultShape(int KeyCount, int ValueCount)
{
    /// <summary>Total column count: keys + 1 time column + values.</summary>
    public int ColumnCount => KeyCount + 1 + ValueCount;
}
