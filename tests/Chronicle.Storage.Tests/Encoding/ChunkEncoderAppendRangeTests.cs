using Chronicle.Storage.Encoding;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>The encoder's bulk append: byte-identical to appending one sample at a time, and all-or-nothing on bad input.</summary>
public class ChunkEncoderAppendRangeTests
{
    private readonly ITestOutputHelper _output;

    public ChunkEncoderAppendRangeTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(FieldType.Double)]
    [InlineData(FieldType.BigInt)]
    [InlineData(FieldType.Boolean)]
    public void Ranges_give_the_same_chunk_as_single_appends(FieldType type)
    {
        int seed = Environment.TickCount;
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = random.Next(1, 400);
            var ts = new long[n];
            var bits = new long[n];
            long t = random.NextInt64(-1_000_000, 1_000_000);
            for (int i = 0; i < n; i++)
            {
                t += random.Next(3) == 0 ? random.NextInt64(1, 1L << 40) : 10_000_000_000;
                ts[i] = t;
                bits[i] = type switch
                {
                    FieldType.Double => BitConverter.DoubleToInt64Bits(Math.Round(random.NextDouble() * 100, random.Next(0, 6))),
                    FieldType.BigInt => random.NextInt64(-1000, 1000),
                    _ => random.Next(2),
                };
            }

            var single = new ChunkEncoder(type);
            for (int i = 0; i < n; i++) single.Append(ts[i], bits[i]);
            var ranged = new ChunkEncoder(type);
            for (int at = 0; at < n;)
            {
                int len = Math.Min(n - at, random.Next(1, 50));
                ranged.AppendRange(ts.AsSpan(at, len), bits.AsSpan(at, len));
                at += len;
            }

            Assert.Equal(single.Encoded.ToArray(), ranged.Encoded.ToArray());
            Assert.Equal(single.Summary, ranged.Summary);
            Assert.Equal((single.Count, single.MinTime, single.MaxTime), (ranged.Count, ranged.MinTime, ranged.MaxTime));
        }
    }

    [Fact]
    public void A_bad_range_leaves_the_chunk_unchanged()
    {
        var encoder = new ChunkEncoder(FieldType.Double);
        encoder.AppendRange([10, 20], [1, 2]);
        byte[] before = encoder.Encoded.ToArray();

        Assert.Throws<ArgumentException>(() => encoder.AppendRange([30, 30], [3, 4]));   // not strictly increasing
        Assert.Throws<ArgumentException>(() => encoder.AppendRange([20, 40], [3, 4]));   // not after the chunk's last
        Assert.Throws<ArgumentException>(() => encoder.AppendRange([30, 40], [3]));      // lengths differ
        var boolean = new ChunkEncoder(FieldType.Boolean);
        Assert.Throws<ArgumentOutOfRangeException>(() => boolean.AppendRange([1, 2], [1, 2]));
        Assert.Equal(0, boolean.Count);
        Assert.Throws<InvalidOperationException>(() => new ChunkEncoder(FieldType.VarChar).AppendRange([1], [0]));

        Assert.Equal(before, encoder.Encoded.ToArray());
        Assert.Equal(2, encoder.Count);
        Assert.Equal(20, encoder.MaxTime);
    }
}
