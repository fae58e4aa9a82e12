using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>Bit-packed BOOLEAN values.</summary>
public class BooleanEncodingTests
{
    [Fact]
    public void Booleans_round_trip_at_one_bit_each()
    {
        long[] values = Enumerable.Range(0, 120).Select(i => (long)(i % 3 == 0 ? 1 : 0)).ToArray();
        byte[] chunk = ChunkAssert.RoundTripsAfterEveryAppend(FieldType.Boolean, ChunkAssert.Regular(5, 10, 120), values);
        Assert.Equal((24 + 64 + 8 + 118 + 120 + 7) / 8, chunk.Length);
    }

    [Theory]
    [InlineData(2L)]
    [InlineData(-1L)]
    public void Words_other_than_zero_or_one_are_rejected(long word)
    {
        var encoder = new ChunkEncoder(FieldType.Boolean);
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Append(1, word));
    }
}
