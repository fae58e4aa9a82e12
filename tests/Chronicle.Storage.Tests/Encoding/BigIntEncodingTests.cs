namespace Chronicle.Storage.Tests.Encoding;

/// <summary>Zigzag delta values (BigIntDeltaCodec) through whole chunks.</summary>
public class BigIntEncodingTests
{
    private static byte[] RoundTrip(long[] values, string because) =>
        ChunkAssert.RoundTripsAfterEveryAppend(FieldType.BigInt, ChunkAssert.Regular(1000, 10, values.Length), values, because: because);

    [Fact]
    public void Full_range_round_trips_with_wrapping_deltas()
    {
        RoundTrip([long.MinValue, long.MaxValue, long.MinValue, 0, long.MaxValue, -1, long.MinValue, long.MinValue, 1, long.MaxValue], "extremes");
        RoundTrip([long.MaxValue], "single max");
        RoundTrip([long.MinValue, long.MinValue + 1], "min then min+1");
    }

    [Fact]
    public void Constant_rate_counter_costs_one_bit_per_value()
    {
        long[] values = Enumerable.Range(0, 120).Select(i => 1_000_000L + 17 * i).ToArray();
        byte[] chunk = RoundTrip(values, "counter");
        // timestamps: 64 + 8 + 118; values: 64, '11' + 6 + 6 bits for the first delta (zigzag 34), then 118 repeats
        Assert.Equal((24 + 64 + 8 + 118 + 64 + 14 + 118 + 7) / 8, chunk.Length);
    }

    [Fact]
    public void Widths_grow_and_shrink()
    {
        long[] values = [0, 1, 2, 4, 1000, 1001, 1_000_000_000_000, 1_000_000_000_001, 3, 3, 3, -5, 5, -5, 5, 0];
        RoundTrip(values, "widths");
    }

    [Fact]
    public void Constant_series_round_trips()
    {
        RoundTrip(Enumerable.Repeat(-7L, 50).ToArray(), "constant");
        RoundTrip(new long[50], "zeros");
    }
}
