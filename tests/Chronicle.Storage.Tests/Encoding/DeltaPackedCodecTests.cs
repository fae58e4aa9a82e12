using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>
/// The block-packed DOUBLE and BIGINT chunk (format version 2, <see cref="DeltaPackedCodec"/>): it decodes to
/// exactly the samples encoded, whole or cut by a time range, as the Gorilla chunk of the same
/// samples does; truncated and mutated chunks are rejected with <see cref="InvalidDataException"/>
/// and nothing else; and <see cref="ChunkEncoder.SegmentEncoded"/> stores whichever encoding is
/// smaller. Seeds are printed in failure messages.
/// </summary>
public class DeltaPackedCodecTests
{
    private const int BaseSeed = 20261205;

    public static TheoryData<FieldType> Types => new() { FieldType.Double, FieldType.BigInt };

    private static long[] RandomValues(Random random, FieldType type, int count) =>
        type == FieldType.Double ? FastChunkDecoderTests.RandomDoubles(random, count) : FastChunkDecoderTests.RandomBigInts(random, count);

    [Theory]
    [MemberData(nameof(Types))]
    public void Random_chunks_decode_to_the_samples_encoded_whole_and_by_range(FieldType type)
    {
        for (int c = 0; c < 3000; c++)
        {
            int seed = BaseSeed + c;
            var random = new Random(seed);
            // every block boundary shape: counts around multiples of 64, and up to two full chunks of 512
            int count = random.Next(4) == 0 ? 64 * random.Next(1, 9) + random.Next(-2, 3) : random.Next(1, 700);
            count = Math.Max(1, count);
            long[] timestamps = FastChunkDecoderTests.RandomTimestamps(random, count);
            long[] values = RandomValues(random, type, count);
            byte[] chunk = Packed(timestamps, values, type);
            Assert.Equal(ChunkHeader.PackedVersion, chunk[0] >> 4);
            Assert.Equal(type, ChunkCodec.GetType(chunk));
            Assert.Equal(count, ChunkCodec.GetCount(chunk));

            var ts = new long[count];
            var vs = new long[count];
            Assert.Equal(count, ChunkCodec.Decode(chunk, ts, vs));
            Assert.True(timestamps.AsSpan().SequenceEqual(ts), $"{type} seed {seed}: timestamps differ");
            Assert.True(values.AsSpan().SequenceEqual(vs), $"{type} seed {seed}: values differ");

            long minTime = timestamps[random.Next(count)] + random.Next(-1, 2);
            long maxTime = timestamps[random.Next(count)] + random.Next(-1, 2);
            var inRange = Enumerable.Range(0, count).Where(k => timestamps[k] >= minTime && timestamps[k] <= maxTime).ToArray();
            Array.Clear(ts);
            Array.Clear(vs);
            Assert.Equal(inRange.Length, ChunkCodec.Decode(chunk, ts, vs, minTime: minTime, maxTime: maxTime));
            Assert.True(inRange.Select(k => timestamps[k]).SequenceEqual(ts[..inRange.Length]), $"seed {seed}: [{minTime}, {maxTime}] timestamps differ");
            Assert.True(inRange.Select(k => values[k]).SequenceEqual(vs[..inRange.Length]), $"seed {seed}: [{minTime}, {maxTime}] values differ");
        }
    }

    [Fact]
    public void Extreme_timestamps_and_every_special_value_round_trip()
    {
        long[] timestamps = [long.MinValue, long.MinValue + 1, 0, long.MaxValue - 1, long.MaxValue];
        double[] doubles = [double.NaN, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue];
        long[] values = doubles.Select(BitConverter.DoubleToInt64Bits).ToArray();
        values[0] = unchecked((long)0xFFF8_0000_DEAD_BEEF); // a NaN with a payload
        byte[] chunk = Packed(timestamps, values);
        var ts = new long[5];
        var vs = new long[5];
        Assert.Equal(5, ChunkCodec.Decode(chunk, ts, vs));
        Assert.Equal(timestamps, ts);
        Assert.Equal(values, vs);
    }

    [Fact]
    public void Every_truncation_is_rejected_with_InvalidDataException()
    {
        var random = new Random(BaseSeed);
        long[] timestamps = FastChunkDecoderTests.RandomTimestamps(random, 300);
        long[] values = FastChunkDecoderTests.RandomDoubles(random, 300);
        byte[] chunk = Packed(timestamps, values);
        var ts = new long[300];
        var vs = new long[300];
        for (int length = 0; length < chunk.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk.AsSpan(0, length), ts, vs));
            Assert.Contains("truncated", e.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Mutated_chunks_decode_or_are_rejected_with_InvalidDataException_only(FieldType type)
    {
        int errors = 0, mutations = 20000;
        for (int m = 0; m < mutations; m++)
        {
            int seed = BaseSeed + 1_000_000 + m;
            var random = new Random(seed);
            int count = random.Next(2, 300);
            byte[] chunk = Packed(FastChunkDecoderTests.RandomTimestamps(random, count), RandomValues(random, type, count), type);
            FastChunkDecoderTests.Mutate(random, chunk);
            long maxTime = random.Next(3) == 0 ? 1_700_000_000_000_000_000 + random.NextInt64(count * 10_000_000_000L) : long.MaxValue;
            var ts = new long[count];
            var vs = new long[count];
            try
            {
                int decoded = ChunkCodec.Decode(chunk, ts, vs, maxTime: maxTime);
                Assert.InRange(decoded, 0, count);
                for (int i = 1; i < decoded; i++) Assert.True(ts[i] > ts[i - 1], $"seed {seed}: decoded timestamps do not increase");
            }
            catch (InvalidDataException)
            {
                errors++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{type} seed {seed}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(errors > mutations / 10, $"only {errors} of {mutations} mutated chunks were rejected");
    }

    [Fact]
    public void A_width_above_64_bits_is_rejected()
    {
        long[] timestamps = ChunkAssert.Regular(1_000, 10, 10);
        long[] values = Enumerable.Range(0, 10).Select(i => BitConverter.DoubleToInt64Bits(i * 1.1)).ToArray();
        byte[] chunk = Packed(timestamps, values);
        // after the header, t(0) and d(1): the width byte of the first timestamp block
        chunk[ChunkHeader.Size + 16] = 65;
        var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk, new long[10], new long[10]));
        Assert.Contains("width of 65 bits", e.Message);
    }

    [Fact]
    public void A_timestamp_block_with_the_value_flag_is_rejected()
    {
        long[] timestamps = ChunkAssert.Regular(1_000, 10, 10);
        byte[] chunk = Packed(timestamps, timestamps.Select(t => BitConverter.DoubleToInt64Bits(-t)).ToArray());
        chunk[ChunkHeader.Size + 16] |= 0x80;
        var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk, new long[10], new long[10]));
        Assert.Contains("value flag", e.Message);
    }

    [Fact]
    public void Values_of_both_signs_in_one_block_round_trip()
    {
        // the order map of negative values is applied only to blocks that hold one: a block of
        // positive values, then one that crosses zero, then one of negative values
        long[] timestamps = ChunkAssert.Regular(1_000, 10, 200);
        long[] values = Enumerable.Range(0, 200).Select(i => BitConverter.DoubleToInt64Bits((100 - i) * 0.37)).ToArray();
        AssertDecodes(Packed(timestamps, values), timestamps, values);
    }

    [Fact]
    public void The_packed_version_is_only_valid_for_DOUBLE_and_BIGINT()
    {
        byte[] chunk = Packed(ChunkAssert.Regular(1_000, 10, 3), [1, 2, 3]);
        chunk[0] = ChunkHeader.FormatByte(FieldType.Boolean, ChunkHeader.PackedVersion);
        var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.GetCount(chunk));
        Assert.Contains("only DOUBLE and BIGINT", e.Message);
    }

    [Fact]
    public void A_BIGINT_value_block_with_the_negative_value_flag_is_rejected()
    {
        long[] timestamps = ChunkAssert.Regular(1_000, 10, 10);
        long[] values = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4];
        byte[] chunk = Packed(timestamps, values, FieldType.BigInt);
        AssertDecodes(chunk, timestamps, values);
        // header, t(0), d(1), the timestamp block (flags, base 0), v(0): the value block's flags
        int valueBlock = ChunkHeader.Size + 16 + 2 + 8;
        Assert.Equal(0, chunk[valueBlock]); // every delta is 1: the base, so width 0
        Assert.Equal(2, chunk[valueBlock + 1]); // base 1, zigzag
        chunk[valueBlock] |= 0x80;
        var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk, new long[10], new long[10]));
        Assert.Contains("only DOUBLE blocks use", e.Message);
    }

    [Fact]
    public void A_counter_is_stored_packed_and_smaller_in_segments()
    {
        var random = new Random(BaseSeed + 3);
        long[] timestamps = ChunkAssert.Regular(1_700_000_000_000_000_000, 10_000_000_000, 360);
        long counter = 1_000_000;
        long[] counts = timestamps.Select(_ => counter += random.Next(0, 5_000)).ToArray();
        var encoder = new ChunkEncoder(FieldType.BigInt, forSegments: true);
        encoder.AppendRange(timestamps, counts);
        byte[] stored = encoder.SegmentEncoded.ToArray();
        Assert.Equal(ChunkHeader.PackedVersion, stored[0] >> 4);
        Assert.True(stored.Length < encoder.Encoded.Length, $"packed {stored.Length} B, version 1 {encoder.Encoded.Length} B");
        AssertDecodes(stored, timestamps, counts);
    }

    [Fact]
    public void Segment_encoding_is_the_smaller_of_the_two_and_decodes_the_same()
    {
        var random = new Random(BaseSeed);
        long[] timestamps = ChunkAssert.Regular(1_700_000_000_000_000_000, 10_000_000_000, 360);

        // a full-precision random walk: packed, and at least 7% smaller than Gorilla
        double walk = 50;
        long[] noisy = timestamps.Select(_ => BitConverter.DoubleToInt64Bits(walk = Math.Clamp(walk + random.NextDouble() - 0.5, 0, 100))).ToArray();
        var (stored, gorilla) = SegmentChunk(timestamps, noisy);
        Assert.Equal(ChunkHeader.PackedVersion, stored[0] >> 4);
        Assert.True(stored.Length <= gorilla.Length * 0.93, $"packed {stored.Length} B, Gorilla {gorilla.Length} B");
        AssertDecodes(stored, timestamps, noisy);

        // a step function (a value held for ten samples): Gorilla's one-bit repeats win
        long[] steps = timestamps.Select((_, i) => BitConverter.DoubleToInt64Bits(Math.Round(random.NextDouble() * 100, 3) + i / 10)).ToArray();
        for (int i = 0; i < steps.Length; i++) steps[i] = steps[i / 10 * 10];
        (stored, gorilla) = SegmentChunk(timestamps, steps);
        Assert.Equal(ChunkHeader.Version, stored[0] >> 4);
        Assert.Equal(gorilla, stored);
        AssertDecodes(stored, timestamps, steps);

        // a head encoder keeps no samples: its segment chunk is the Gorilla chunk
        var head = new ChunkEncoder(FieldType.Double);
        head.AppendRange(timestamps, noisy);
        Assert.True(head.SegmentEncoded.SequenceEqual(head.Encoded));
    }

    [Fact]
    public void Segment_encoder_reset_starts_a_new_chunk()
    {
        // more samples than the encoder first keeps (512), appended one by one and then as ranges
        var encoder = new ChunkEncoder(FieldType.Double, forSegments: true);
        long[] timestamps = ChunkAssert.Regular(5_000, 7, 1500);
        var random = new Random(BaseSeed + 7);
        long[] first = timestamps.Select(_ => BitConverter.DoubleToInt64Bits(random.NextDouble())).ToArray();
        foreach (var (t, v) in timestamps.Zip(first)) encoder.Append(t, v);
        Assert.Equal(ChunkHeader.PackedVersion, encoder.SegmentEncoded[0] >> 4);
        AssertDecodes(encoder.SegmentEncoded.ToArray(), timestamps, first);

        encoder.Reset();
        long[] second = timestamps[..70].Select(_ => BitConverter.DoubleToInt64Bits(-random.NextDouble())).ToArray();
        encoder.AppendRange(timestamps[..70], second);
        AssertDecodes(encoder.SegmentEncoded.ToArray(), timestamps[..70], second);

        var ranges = new ChunkEncoder(FieldType.Double, forSegments: true);
        ranges.AppendRange(timestamps[..400], first[..400]);
        ranges.AppendRange(timestamps[400..], first[400..]);
        Assert.Equal(ChunkHeader.PackedVersion, ranges.SegmentEncoded[0] >> 4);
        AssertDecodes(ranges.SegmentEncoded.ToArray(), timestamps, first);
    }

    private static byte[] Packed(long[] timestamps, long[] values, FieldType type = FieldType.Double)
    {
        var buffer = new byte[DeltaPackedCodec.MaxLength(timestamps.Length)];
        int length = DeltaPackedCodec.Encode(type, timestamps, values, buffer);
        return buffer[..length];
    }

    private static (byte[] Stored, byte[] Gorilla) SegmentChunk(long[] timestamps, long[] values)
    {
        var encoder = new ChunkEncoder(FieldType.Double, forSegments: true);
        encoder.AppendRange(timestamps, values);
        return (encoder.SegmentEncoded.ToArray(), encoder.Encoded.ToArray());
    }

    private static void AssertDecodes(byte[] chunk, long[] timestamps, long[] values)
    {
        var ts = new long[timestamps.Length];
        var vs = new long[timestamps.Length];
        Assert.Equal(timestamps.Length, ChunkCodec.Decode(chunk, ts, vs));
        Assert.Equal(timestamps, ts);
        Assert.Equal(values, vs);
    }
}
