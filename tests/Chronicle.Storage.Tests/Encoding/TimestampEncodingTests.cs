namespace Chronicle.Storage.Tests.Encoding;

/// <summary>Delta-of-delta timestamps (TimestampCodec) through whole chunks.</summary>
public class TimestampEncodingTests
{
    private const long Second = 1_000_000_000;
    private const long Year = 365L * 24 * 3600 * Second;

    private static void RoundTrip(long[] timestamps, string because)
    {
        long[] values = timestamps.Select((_, i) => (long)i).ToArray();
        ChunkAssert.RoundTripsAfterEveryAppend(FieldType.BigInt, timestamps, values, because: because);
        ChunkAssert.RoundTripsAfterEveryAppend(FieldType.Double, timestamps, ChunkAssert.Bits(timestamps.Select(t => (double)t).ToArray()), because: because);
    }

    [Fact]
    public void Regular_ten_second_nanosecond_timestamps_cost_one_bit_each()
    {
        long[] ts = ChunkAssert.Regular(1_700_000_000 * Second, 10 * Second, 120);
        byte[] chunk = ChunkAssert.RoundTrips(FieldType.Boolean, ts, new long[120]);
        // header 3 bytes + 64-bit first timestamp + 40-bit varint delta + 118 one-bit deltas-of-delta + 120 value bits
        int expectedBits = 24 + 64 + 40 + 118 + 120;
        Assert.Equal((expectedBits + 7) / 8, chunk.Length);
    }

    [Fact]
    public void One_and_two_sample_chunks_round_trip()
    {
        RoundTrip([1_700_000_000 * Second], "one sample");
        RoundTrip([1_700_000_000 * Second, 1_700_000_000 * Second + 1], "two samples 1 ns apart");
    }

    [Fact]
    public void Negative_timestamps_round_trip()
    {
        RoundTrip(ChunkAssert.Regular(-50 * Second, 3 * Second, 40), "crossing zero");
        RoundTrip([-3 * Year, -2 * Year - 7, -1, 0, 1], "before the epoch");
    }

    [Fact]
    public void Nanosecond_jitter_round_trips_in_every_bucket()
    {
        long t = 1_700_000_000 * Second;
        var ts = new List<long> { t };
        // deltas chosen so deltas-of-delta land in every bucket: 0, 16-bit, 26-bit, 36-bit and 64-bit, both signs
        long[] deltas = [10 * Second, 10 * Second, 10 * Second + 1, 10 * Second - 32768, 10 * Second + 32767, 10 * Second + 20_000_000,
            10 * Second - 33_554_432, 10 * Second + 30 * Second, 10 * Second, 5 * Year, 1, 1, 2, 1];
        foreach (long d in deltas)
        {
            t += d;
            ts.Add(t);
        }

        RoundTrip(ts.ToArray(), "jitter");
    }

    [Fact]
    public void Year_scale_gaps_round_trip()
    {
        RoundTrip([0, Year, 2 * Year, 50 * Year, 50 * Year + 1, 51 * Year, 200 * Year], "year gaps");
    }

    [Fact]
    public void Extremes_of_the_long_range_round_trip()
    {
        RoundTrip([long.MinValue, long.MaxValue], "min to max: the delta wraps");
        RoundTrip([long.MinValue, long.MinValue + 1, 0, long.MaxValue - 1, long.MaxValue], "deltas-of-delta near 2^63");
        RoundTrip([long.MinValue, -1, long.MaxValue], "two maximal deltas");
        RoundTrip([long.MaxValue], "single max");
        RoundTrip([long.MinValue], "single min");
    }

    [Fact]
    public void Equal_or_decreasing_timestamps_are_rejected()
    {
        var encoder = new Chronicle.Storage.Encoding.ChunkEncoder(FieldType.Double);
        encoder.Append(100, 0);
        var equal = Assert.Throws<ArgumentException>(() => encoder.Append(100, 0));
        Assert.Contains("strictly increasing", equal.Message);
        Assert.Throws<ArgumentException>(() => encoder.Append(99, 0));
        Assert.Equal(1, encoder.Count);
        encoder.Append(101, 0);
        Assert.Equal(101, encoder.MaxTime);
        Assert.Equal(100, encoder.MinTime);
    }
}
