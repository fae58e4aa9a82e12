using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>
/// Thousands of random chunks per type, drawn from distributions that mix the easy cases (regular
/// timestamps, small changes, repeats) with the extremes. Each case has its own seed, derived from
/// the case number and printed in the failure message; <c>new Random(seed)</c> replays the case.
/// </summary>
public class RoundTripPropertyTests
{
    private const int Cases = 2000;
    private const int BaseSeed = 20261122;

    public static TheoryData<FieldType> Types => new() { FieldType.Double, FieldType.BigInt, FieldType.Boolean, FieldType.VarChar };

    [Theory]
    [MemberData(nameof(Types))]
    public void Random_chunks_round_trip(FieldType type)
    {
        for (int c = 0; c < Cases; c++)
        {
            int seed = BaseSeed + c * 31 + (int)type;
            var random = new Random(seed);
            int count = random.Next(4) == 0 ? random.Next(1, 4) : random.Next(1, 300);
            long[] timestamps = RandomTimestamps(random, count);
            long[]? values = type == FieldType.VarChar ? null : RandomValues(random, type, count);
            string[]? strings = type == FieldType.VarChar ? RandomStrings(random, count) : null;
            string because = $"{type} case {c}, seed {seed}, {count} samples";
            if (c % 50 == 0)
            {
                ChunkAssert.RoundTripsAfterEveryAppend(type, timestamps, values, strings, because);
            }
            else
            {
                ChunkAssert.RoundTrips(type, timestamps, values, strings, because);
            }
        }
    }

    internal static long[] RandomTimestamps(Random random, int count)
    {
        var ts = new long[count];
        int mode = random.Next(5);
        long t = mode switch
        {
            0 => long.MinValue + random.NextInt64(1000),
            1 => -random.NextInt64(long.MaxValue / 2),
            _ => 1_600_000_000_000_000_000 + random.NextInt64(100_000_000_000_000_000),
        };
        long step = random.Next(3) switch
        {
            0 => 1,
            1 => 10_000_000_000,
            _ => random.NextInt64(1, 1L << random.Next(1, 62)),
        };
        for (int i = 0; i < count; i++)
        {
            ts[i] = t;
            long room = long.MaxValue - t;
            int remaining = count - i - 1;
            if (remaining == 0)
            {
                break;
            }

            long delta = random.Next(8) switch
            {
                0 => random.NextInt64(1, 1L << random.Next(1, 63)),
                1 => step + random.NextInt64(-1000, 1000),
                _ => step,
            };
            delta = Math.Max(1, delta);
            long maxDelta = room / remaining;
            if (maxDelta < 1)
            {
                // not enough room left: fall back to +1 steps, which always fit after long.MinValue starts
                maxDelta = 1;
            }

            t += Math.Min(delta, maxDelta);
        }

        // guarantee strict increase even at the top of the range
        for (int i = count - 1; i > 0; i--)
        {
            if (ts[i] <= ts[i - 1])
            {
                return ChunkAssert.Regular(0, 1, count);
            }
        }

        return ts;
    }

    internal static long[] RandomValues(Random random, FieldType type, int count)
    {
        var values = new long[count];
        if (type == FieldType.Boolean)
        {
            int bias = random.Next(1, 10);
            for (int i = 0; i < count; i++)
            {
                values[i] = random.Next(10) < bias ? 1 : 0;
            }

            return values;
        }

        int mode = random.Next(5);
        double walk = random.NextDouble() * 100;
        long counter = random.NextInt64();
        for (int i = 0; i < count; i++)
        {
            values[i] = mode switch
            {
                0 => random.NextInt64(long.MinValue, long.MaxValue) | (random.Next(2) == 0 ? long.MinValue : 0),
                1 => random.Next(5) == 0 ? Special(random) : random.NextInt64(-3, 3),
                2 => BitConverter.DoubleToInt64Bits(walk += random.NextDouble() - 0.5),
                3 => BitConverter.DoubleToInt64Bits(Math.Round(walk += random.NextDouble() - 0.5, 2)),
                _ => counter += random.Next(3) == 0 ? random.NextInt64(-1000, 1000) : 10,
            };
        }

        return values;
    }

    internal static string[] RandomStrings(Random random, int count)
    {
        int distinct = random.Next(1, 20);
        bool unique = random.Next(3) == 0;
        var strings = new string[count];
        for (int i = 0; i < count; i++)
        {
            int pick = unique ? random.Next() : random.Next(distinct);
            int length = random.Next(10) == 0 ? random.Next(60, 200) : pick % 12;
            var chars = new char[length];
            var pickRandom = new Random(pick);
            for (int k = 0; k < length; k++)
            {
                chars[k] = pickRandom.Next(8) == 0 ? (char)pickRandom.Next(0x80, 0xD7FF) : (char)pickRandom.Next(0x20, 0x7F);
            }

            strings[i] = new string(chars);
        }

        return strings;
    }

    private static long Special(Random random) => random.Next(8) switch
    {
        0 => long.MinValue,
        1 => long.MaxValue,
        2 => BitConverter.DoubleToInt64Bits(double.NaN),
        3 => BitConverter.DoubleToInt64Bits(-0.0),
        4 => BitConverter.DoubleToInt64Bits(double.PositiveInfinity),
        5 => 0x7FF0_0000_0000_0001 + random.Next(1000),
        6 => -1,
        _ => 0,
    };
}
