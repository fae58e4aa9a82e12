using System.Text;
using Chronicle.Storage.IO;

namespace Chronicle.Storage.Tests.IO;

public class Crc32CTests
{
    [Fact]
    public void Check_value_of_123456789() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Empty_input_is_zero() => Assert.Equal(0u, Crc32C.Compute([]));

    // RFC 3720 appendix B.4 test vectors.
    [Fact]
    public void Rfc3720_vectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Matches_a_bitwise_reference_and_chains_at_every_split()
    {
        int seed = Environment.TickCount;
        Console.WriteLine($"Crc32CTests seed {seed}");
        var rng = new Random(seed);
        for (int n = 0; n < 200; n++)
        {
            var data = new byte[rng.Next(0, 100)];
            rng.NextBytes(data);
            uint expected = Reference(data);
            Assert.Equal(expected, Crc32C.Compute(data));
            int split = rng.Next(0, data.Length + 1);
            Assert.Equal(expected, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void Detects_a_single_bit_flip()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("a WAL record payload");
        uint crc = Crc32C.Compute(data);
        data[5] ^= 0x10;
        Assert.NotEqual(crc, Crc32C.Compute(data));
    }

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }
}
