using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>
/// <see cref="FastChunkDecoder"/> (the path <see cref="ChunkCodec.Decode"/> takes for DOUBLE and
/// BIGINT chunks) against the codecs' own loop (<see cref="ChunkCodec.DecodeNumeric{TValues}"/>): on
/// valid chunks of every shape and on mutated ones, the same samples or the same exception message.
/// Seeds are printed in failure messages.
/// </summary>
public class FastChunkDecoderTests
{
    public static TheoryData<FieldType> Types => new() { FieldType.Double, FieldType.BigInt };

    private const int BaseSeed = 20261204;

    [Theory]
    [MemberData(nameof(Types))]
    public void Valid_chunks_decode_as_the_codecs_decode_them(FieldType type)
    {
        for (int c = 0; c < 3000; c++)
        {
            int seed = BaseSeed + c;
            var random = new Random(seed);
            int count = random.Next(1, 400);
            long[] timestamps = RandomTimestamps(random, count);
            long[] values = RandomValues(random, type, count);
            byte[] chunk = ChunkCodec.Encode(type, timestamps, values);

            var (fastTimes, fastValues, fastError) = DecodeFast(chunk);
            Assert.True(fastError is null, $"{type} seed {seed}: {fastError}");
            Assert.True(timestamps.AsSpan().SequenceEqual(fastTimes), $"{type} seed {seed}: timestamps differ");
            Assert.True(values.AsSpan().SequenceEqual(fastValues), $"{type} seed {seed}: values differ");

            // stopping at a time: exactly the samples up to it
            long maxTime = timestamps[random.Next(count)] + random.Next(-1, 2);
            var (cutTimes, cutValues, cutError) = DecodeFast(chunk, maxTime);
            int expected = timestamps.Count(t => t <= maxTime);
            Assert.True(cutError is null, $"{type} seed {seed}: {cutError}");
            Assert.True(timestamps.AsSpan(0, expected).SequenceEqual(cutTimes), $"{type} seed {seed}: up to {maxTime}, {cutTimes.Length} samples instead of {expected}");
            Assert.True(values.AsSpan(0, expected).SequenceEqual(cutValues), $"{type} seed {seed}: values up to {maxTime} differ");

            // a range inside the chunk: exactly its samples, from the start of the destinations
            long minTime = timestamps[random.Next(count)] + random.Next(-1, 2);
            var inRange = Enumerable.Range(0, count).Where(k => timestamps[k] >= minTime && timestamps[k] <= maxTime).ToArray();
            var ts = new long[count];
            var vs = new long[count];
            Assert.Equal(inRange.Length, ChunkCodec.Decode(chunk, ts, vs, minTime: minTime, maxTime: maxTime));
            Assert.True(inRange.Select(k => timestamps[k]).SequenceEqual(ts[..inRange.Length]), $"{type} seed {seed}: [{minTime}, {maxTime}] timestamps differ");
            Assert.True(inRange.Select(k => values[k]).SequenceEqual(vs[..inRange.Length]), $"{type} seed {seed}: [{minTime}, {maxTime}] values differ");
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Mutated_chunks_give_the_same_samples_or_the_same_error_as_the_codecs(FieldType type)
    {
        int errors = 0, mutations = 20000;
        for (int m = 0; m < mutations; m++)
        {
            int seed = BaseSeed + 1_000_000 + m;
            var random = new Random(seed);
            int count = random.Next(2, 300);
            byte[] chunk = ChunkCodec.Encode(type, RandomTimestamps(random, count), RandomValues(random, type, count));
            Mutate(random, chunk);

            // a third of the decodes stop at a time inside the chunk's range
            long maxTime = random.Next(3) == 0 ? 1_700_000_000_000_000_000 + random.NextInt64(count * 10_000_000_000L) : long.MaxValue;
            var fast = DecodeFast(chunk, maxTime);
            var reference = DecodeReference(chunk, maxTime);
            Assert.True(fast.Error == reference.Error, $"{type} seed {seed}: fast decoder '{fast.Error}', codecs '{reference.Error}'");
            if (fast.Error is null)
            {
                Assert.True(reference.Times.AsSpan().SequenceEqual(fast.Times), $"{type} seed {seed}: timestamps differ");
                Assert.True(reference.Values.AsSpan().SequenceEqual(fast.Values), $"{type} seed {seed}: values differ");
            }
            else
            {
                errors++;
            }
        }

        // the mutations must reach the error paths, not only change sample values
        Assert.True(errors > mutations / 10, $"{type}: only {errors} of {mutations} mutated chunks were rejected");
    }

    [Fact]
    public void A_chunk_whose_corruption_sits_in_the_fast_region_is_rejected_with_the_codecs_message()
    {
        // sample 3 of a long regular chunk turned into a '10' (window reuse) before any window: the
        // stream of sample 1 starts with the value repeat bit, so no window is set yet
        long[] timestamps = ChunkAssert.Regular(1_000, 10, 200);
        long[] values = new long[200];
        Array.Fill(values, BitConverter.DoubleToInt64Bits(1.5));
        byte[] chunk = ChunkCodec.Encode(FieldType.Double, timestamps, values);
        var valid = DecodeFast(chunk);
        Assert.Null(valid.Error);

        // after the header, t0 (64 bits), v0 (64), the varint delta (8), v1 '0': sample 2 starts
        // with ts '0' then value '0'; set that value bit to '1' followed by '0' = '10'
        int bit = ChunkHeader.Size * 8 + 64 + 64 + 8 + 1 + 1;
        chunk[bit >> 3] |= (byte)(0x80 >> (bit & 7));
        chunk[(bit + 1) >> 3] &= (byte)~(0x80 >> ((bit + 1) & 7));
        var fast = DecodeFast(chunk);
        Assert.Equal("Chunk is corrupt: a value reuses an XOR window before any was set.", fast.Error);
        Assert.Equal(DecodeReference(chunk).Error, fast.Error);
    }

    private static (long[] Times, long[] Values, string? Error) DecodeFast(byte[] chunk, long maxTime = long.MaxValue)
    {
        try
        {
            int count = ChunkCodec.GetCount(chunk);
            var times = new long[count];
            var values = new long[count];
            int decoded = ChunkCodec.Decode(chunk, times, values, maxTime: maxTime);
            return (times[..decoded], values[..decoded], null);
        }
        catch (InvalidDataException e)
        {
            return ([], [], e.Message);
        }
    }

    private static (long[] Times, long[] Values, string? Error) DecodeReference(byte[] chunk, long maxTime = long.MaxValue)
    {
        try
        {
            int count = ChunkCodec.GetCount(chunk);
            var times = new long[count];
            var values = new long[count];
            int decoded = 0;
            if (count > 0)
            {
                var reader = new BitReader(chunk, ChunkHeader.Size * 8);
                decoded = ChunkCodec.GetType(chunk) == FieldType.Double
                    ? ChunkCodec.DecodeNumeric(ref reader, times, values, new DoubleXorCodec(), maxTime)
                    : ChunkCodec.DecodeNumeric(ref reader, times, values, new BigIntDeltaCodec(), maxTime);
            }

            return (times[..decoded], values[..decoded], null);
        }
        catch (InvalidDataException e)
        {
            return ([], [], e.Message);
        }
    }

    /// <summary>Regular steps with, by mode, jitter reaching every delta-of-delta bucket and rare huge gaps.</summary>
    internal static long[] RandomTimestamps(Random random, int count)
    {
        var ts = new long[count];
        long t = 1_700_000_000_000_000_000 + random.NextInt64(1_000_000_000);
        int mode = random.Next(4);
        for (int i = 0; i < count; i++)
        {
            ts[i] = t;
            long jitter = mode switch
            {
                0 => 0,
                1 => random.Next(10) == 0 ? random.NextInt64(-1L << random.Next(1, 34), 1L << random.Next(1, 34)) : 0,
                2 => random.NextInt64(-1000, 1000),
                _ => random.Next(50) == 0 ? 1L << random.Next(36, 50) : 0,
            };
            t += 10_000_000_000 + jitter;
        }

        return ts;
    }

    /// <summary>Values reaching every form of <paramref name="type"/>'s codec.</summary>
    private static long[] RandomValues(Random random, FieldType type, int count) =>
        type == FieldType.Double ? RandomDoubles(random, count) : RandomBigInts(random, count);

    /// <summary>Counters, constant rates, small and 64-bit deltas (every width).</summary>
    internal static long[] RandomBigInts(Random random, int count)
    {
        var values = new long[count];
        int mode = random.Next(4);
        long v = random.NextInt64(long.MinValue, long.MaxValue);
        for (int i = 0; i < count; i++)
        {
            v += mode switch
            {
                0 => 10,
                1 => random.Next(3) == 0 ? random.Next(-100, 100) : 10,
                2 => random.NextInt64(-(1L << random.Next(1, 63)), 1L << random.Next(1, 63)),
                _ => random.NextInt64(long.MinValue, long.MaxValue),
            };
            values[i] = v;
        }

        return values;
    }

    /// <summary>Values reaching every window form: random walks, repeats, sign flips (64 meaningful bits), specials.</summary>
    internal static long[] RandomDoubles(Random random, int count)
    {
        var values = new long[count];
        int mode = random.Next(5);
        double walk = random.NextDouble() * 100;
        for (int i = 0; i < count; i++)
        {
            double v = mode switch
            {
                0 => walk = Math.Clamp(walk + random.NextDouble() - 0.5, 0, 100),
                1 => random.Next(3) == 0 ? walk : walk = Math.Round(walk + random.NextDouble() - 0.5, 1),
                2 => (random.Next(2) == 0 ? -1 : 1) * random.NextDouble(),
                3 => random.Next(10) switch { 0 => double.NaN, 1 => double.NegativeInfinity, 2 => -0.0, _ => walk += random.Next(-3, 4) },
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            values[i] = BitConverter.DoubleToInt64Bits(v);
        }

        return values;
    }

    internal static void Mutate(Random random, byte[] chunk)
    {
        int body = ChunkHeader.Size;
        switch (random.Next(3))
        {
            case 0:
                chunk[random.Next(body, chunk.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                for (int i = random.Next(1, 6); i > 0; i--)
                {
                    chunk[random.Next(body, chunk.Length)] = (byte)random.Next(256);
                }

                break;
            default:
                random.NextBytes(chunk.AsSpan(body + random.Next(chunk.Length - body)));
                break;
        }
    }
}
