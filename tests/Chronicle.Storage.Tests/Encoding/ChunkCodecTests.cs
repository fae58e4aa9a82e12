using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>ChunkCodec's argument checks and header validation.</summary>
public class ChunkCodecTests
{
    private static readonly byte[] Chunk = ChunkCodec.Encode(FieldType.Double, [1, 2, 3], ChunkAssert.Bits(1, 2, 3));

    [Fact]
    public void Short_destinations_are_argument_errors()
    {
        Assert.Throws<ArgumentException>(() => ChunkCodec.Decode(Chunk, new long[2], new long[3]));
        Assert.Throws<ArgumentException>(() => ChunkCodec.Decode(Chunk, new long[3], new long[2]));
        byte[] text = ChunkCodec.Encode(FieldType.VarChar, [1, 2], [], ["a", "b"]);
        Assert.Throws<ArgumentException>(() => ChunkCodec.Decode(text, new long[2], []));
        Assert.Throws<ArgumentException>(() => ChunkCodec.Decode(text, new long[2], [], new string[1]));
    }

    [Fact]
    public void Encode_checks_lengths_and_order()
    {
        Assert.Throws<ArgumentException>(() => ChunkCodec.Encode(FieldType.BigInt, [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => ChunkCodec.Encode(FieldType.BigInt, [2, 1], [1, 1]));
        Assert.Throws<ArgumentException>(() => ChunkCodec.Encode(FieldType.VarChar, [1, 2], [], ["a"]));
        Assert.Throws<ArgumentException>(() => ChunkCodec.Encode(FieldType.VarChar, [1], []));
    }

    [Fact]
    public void Larger_destinations_receive_only_count_entries()
    {
        var ts = Enumerable.Repeat(-1L, 5).ToArray();
        var vs = Enumerable.Repeat(-1L, 5).ToArray();
        Assert.Equal(3, ChunkCodec.Decode(Chunk, ts, vs));
        Assert.Equal([1, 2, 3, -1, -1], ts);
        Assert.Equal(-1, vs[3]);
    }

    [Theory]
    [InlineData(FieldType.Double)]
    [InlineData(FieldType.BigInt)]
    [InlineData(FieldType.Boolean)]
    public void Decoding_a_time_range_stores_only_its_samples_from_the_start(FieldType type)
    {
        long[] times = [10, 20, 35, 40, 70];
        long[] bits = type == FieldType.Double ? ChunkAssert.Bits(1.5, -2, 3, 4, 5) : [1, 0, 1, 1, 0];
        var chunk = ChunkCodec.Encode(type, times, bits);
        var ranges = new (long Min, long Max)[] { (long.MinValue, long.MaxValue), (10, 70), (11, 70), (20, 39), (21, 34), (35, 35), (36, 39), (70, 100), (71, 100), (0, 9), (40, 20), (-5, 20) };
        foreach (var (min, max) in ranges)
        {
            var ts = Enumerable.Repeat(-1L, 5).ToArray();
            var vs = Enumerable.Repeat(-1L, 5).ToArray();
            var wanted = Enumerable.Range(0, 5).Where(i => times[i] >= min && times[i] <= max).ToArray();
            Assert.Equal(wanted.Length, ChunkCodec.Decode(chunk, ts, vs, minTime: min, maxTime: max));
            Assert.Equal(wanted.Select(i => times[i]), ts[..wanted.Length]);
            Assert.Equal(wanted.Select(i => bits[i]), vs[..wanted.Length]);
        }
    }

    [Theory]
    [InlineData(FieldType.Double)]
    [InlineData(FieldType.BigInt)]
    [InlineData(FieldType.Boolean)]
    public void Decoding_up_to_a_time_stops_at_the_first_later_sample(FieldType type)
    {
        long[] times = [10, 20, 35, 40, 70];
        long[] bits = type == FieldType.Double ? ChunkAssert.Bits(1.5, -2, 3, 4, 5) : [1, 0, 1, 1, 0];
        var chunk = ChunkCodec.Encode(type, times, bits);
        foreach (var (maxTime, expected) in new[] { (long.MinValue, 0), (9L, 0), (10L, 1), (19L, 1), (20L, 2), (39L, 3), (40L, 4), (69L, 4), (70L, 5), (long.MaxValue, 5) })
        {
            var ts = new long[5];
            var vs = new long[5];
            Assert.Equal(expected, ChunkCodec.Decode(chunk, ts, vs, maxTime: maxTime));
            Assert.Equal(times[..expected], ts[..expected]);
            Assert.Equal(bits[..expected], vs[..expected]);
        }
    }

    [Theory]
    [InlineData(new byte[0], "shorter than the 3-byte chunk header")]
    [InlineData(new byte[] { 0x11, 0 }, "shorter than the 3-byte chunk header")]
    [InlineData(new byte[] { 0x31, 0, 0 }, "unknown format version 3")]
    [InlineData(new byte[] { 0x23, 0, 0 }, "which only DOUBLE and BIGINT chunks use")]
    [InlineData(new byte[] { 0x15, 0, 0 }, "unknown field type 5")]
    [InlineData(new byte[] { 0x10, 0, 0 }, "unknown field type 0")]
    public void Bad_headers_are_invalid_data(byte[] chunk, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.GetType(chunk));
        Assert.Contains(message, e.Message);
        Assert.Throws<InvalidDataException>(() => ChunkCodec.GetCount(chunk));
        Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk, new long[10], new long[10]));
    }

    [Fact]
    public void A_count_larger_than_the_stream_is_invalid_data()
    {
        byte[] chunk = (byte[])Chunk.Clone();
        chunk[2] = 200;
        var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk, new long[200], new long[200]));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Every_truncation_of_a_chunk_is_invalid_data()
    {
        var walk = Chronicle.Benchmarks.Encoding.EncodingDataSets.RandomWalk(120, 2, seed: 5);
        byte[] chunk = ChunkCodec.Encode(FieldType.Double, walk.Timestamps, walk.Values);
        for (int length = 0; length < chunk.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk.AsSpan(0, length), new long[120], new long[120]));
        }
    }

    [Fact]
    public void Non_increasing_timestamps_in_a_stream_are_invalid_data()
    {
        // two samples, second delta varint = 0
        var encoder = new ChunkEncoder(FieldType.Boolean);
        encoder.Append(1, 1);
        encoder.Append(2, 1);
        byte[] chunk = encoder.Encoded.ToArray();
        // bits after the header: 64 timestamp bits, 1 value bit, then the 8-bit varint 0x01 starting at bit 65
        chunk[3 + 8] &= 0b1000_0000;
        chunk[3 + 9] &= 0b0111_1111;
        var e = Assert.Throws<InvalidDataException>(() => ChunkCodec.Decode(chunk, new long[2], new long[2]));
        Assert.Contains("strictly increasing", e.Message);
    }
}
