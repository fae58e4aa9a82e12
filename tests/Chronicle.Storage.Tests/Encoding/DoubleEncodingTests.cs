namespace Chronicle.Storage.Tests.Encoding;

/// <summary>Gorilla XOR values (DoubleXorCodec) through whole chunks.</summary>
public class DoubleEncodingTests
{
    private static void RoundTrip(long[] bits, string because) =>
        ChunkAssert.RoundTripsAfterEveryAppend(FieldType.Double, ChunkAssert.Regular(0, 10, bits.Length), bits, because: because);

    [Fact]
    public void Special_values_round_trip_bit_exactly()
    {
        long quietNaNWithPayload = unchecked((long)0x7FF8_0000_DEAD_BEEF);
        long signallingNaN = 0x7FF0_0000_0000_0001;
        long negativeNaN = unchecked((long)0xFFF8_0000_0000_0001);
        long[] bits = [.. ChunkAssert.Bits(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, -0.0, double.Epsilon,
            -double.Epsilon, double.MaxValue, double.MinValue), quietNaNWithPayload, signallingNaN, negativeNaN, quietNaNWithPayload, 0];
        RoundTrip(bits, "specials");
        RoundTrip(bits.Reverse().ToArray(), "specials reversed");
    }

    [Fact]
    public void Repeated_values_cost_one_bit_each()
    {
        long[] bits = ChunkAssert.Bits(Enumerable.Repeat(42.5, 120).ToArray());
        byte[] chunk = ChunkAssert.RoundTrips(FieldType.Double, ChunkAssert.Regular(0, 10, 120), bits);
        // header, 64 + 8 bits for the first two timestamps, 118 dod bits, 64-bit first value, 119 repeat bits
        Assert.Equal((24 + 64 + 8 + 118 + 64 + 119 + 7) / 8, chunk.Length);
    }

    [Fact]
    public void Every_window_form_round_trips()
    {
        // integers (many trailing zeros: '111'), full-precision noise ('110'), small changes that fit ('10'), repeats ('0')
        double[] values = [1, 2, 3, 3, 1024, 1e300, 1e-300, Math.PI, Math.PI + 1e-15, Math.E, Math.E, 1.0 / 3, 2.0 / 3, -1.0 / 3, 100, 100.5, 100.25];
        RoundTrip(ChunkAssert.Bits(values), "window forms");
    }

    [Fact]
    public void Xors_with_all_64_bits_meaningful_round_trip()
    {
        long[] bits = [0, -1, 0, 1, long.MinValue, long.MaxValue, long.MinValue + 1, unchecked((long)0xAAAA_AAAA_AAAA_AAAA), 0x5555_5555_5555_5555];
        RoundTrip(bits, "all meaningful");
    }

    [Fact]
    public void Random_walks_round_trip()
    {
        var walk = Chronicle.Benchmarks.Encoding.EncodingDataSets.RandomWalk(500, 2, seed: 7);
        ChunkAssert.RoundTrips(FieldType.Double, walk.Timestamps, walk.Values, because: "2 decimals");
        walk = Chronicle.Benchmarks.Encoding.EncodingDataSets.RandomWalk(500, -1, seed: 7);
        ChunkAssert.RoundTrips(FieldType.Double, walk.Timestamps, walk.Values, because: "full precision");
    }
}
