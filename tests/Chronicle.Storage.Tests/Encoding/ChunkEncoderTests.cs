using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>The head-chunk encoder's contract: header, summary, reset, limits and errors.</summary>
public class ChunkEncoderTests
{
    [Fact]
    public void An_empty_encoder_is_a_valid_empty_chunk()
    {
        var encoder = new ChunkEncoder(FieldType.BigInt);
        Assert.Equal(0, encoder.Count);
        Assert.Equal(3, encoder.Encoded.Length);
        Assert.Equal(FieldType.BigInt, ChunkCodec.GetType(encoder.Encoded));
        Assert.Equal(0, ChunkCodec.GetCount(encoder.Encoded));
        Assert.Equal(0, ChunkCodec.Decode(encoder.Encoded, [], []));
        Assert.Equal(0, encoder.Summary.Count);
        Assert.True(encoder.AllocatedBytes >= 3);
    }

    [Fact]
    public void The_header_count_is_kept_current_in_place()
    {
        var encoder = new ChunkEncoder(FieldType.Double);
        for (int i = 0; i < 300; i++)
        {
            encoder.Append(i, BitConverter.DoubleToInt64Bits(i * 0.5));
            Assert.Equal(i + 1, ChunkCodec.GetCount(encoder.Encoded));
        }

        Assert.Equal(0x11, encoder.Encoded[0]);
        Assert.Equal(300 >> 8, encoder.Encoded[1]);
        Assert.Equal(300 & 0xFF, encoder.Encoded[2]);
    }

    [Fact]
    public void Double_summary_tracks_min_max_sum_first_last_and_skips_nan_for_min_max()
    {
        var encoder = new ChunkEncoder(FieldType.Double);
        double[] values = [3.5, double.NaN, -2, 10, 4];
        for (int i = 0; i < values.Length; i++)
        {
            encoder.Append(100 + i, BitConverter.DoubleToInt64Bits(values[i]));
        }

        var summary = encoder.Summary;
        Assert.Equal(100, summary.MinTime);
        Assert.Equal(104, summary.MaxTime);
        Assert.Equal(5, summary.Count);
        Assert.Equal(-2, summary.Min);
        Assert.Equal(10, summary.Max);
        Assert.True(double.IsNaN(summary.Sum));
        Assert.Equal(BitConverter.DoubleToInt64Bits(3.5), summary.First);
        Assert.Equal(BitConverter.DoubleToInt64Bits(4), summary.Last);
    }

    [Fact]
    public void BigInt_boolean_and_varchar_summaries()
    {
        var ints = new ChunkEncoder(FieldType.BigInt);
        ints.Append(1, 5);
        ints.Append(2, -9);
        ints.Append(3, 7);
        Assert.Equal((-9.0, 7.0, 3.0, 5L, 7L), (ints.Summary.Min, ints.Summary.Max, ints.Summary.Sum, ints.Summary.First, ints.Summary.Last));

        var bools = new ChunkEncoder(FieldType.Boolean);
        bools.Append(1, 1);
        bools.Append(2, 0);
        bools.Append(3, 1);
        Assert.Equal((0.0, 1.0, 2.0, 1L, 1L), (bools.Summary.Min, bools.Summary.Max, bools.Summary.Sum, bools.Summary.First, bools.Summary.Last));

        var text = new ChunkEncoder(FieldType.VarChar);
        text.Append(1, "a");
        text.Append(2, "b");
        Assert.Equal(2, text.Summary.Count);
        Assert.True(double.IsNaN(text.Summary.Min) && double.IsNaN(text.Summary.Max) && double.IsNaN(text.Summary.Sum));
        Assert.Equal((1L, 2L), (text.Summary.MinTime, text.Summary.MaxTime));
    }

    [Fact]
    public void Reset_starts_a_new_chunk_in_the_same_buffer()
    {
        var encoder = new ChunkEncoder(FieldType.VarChar);
        for (int i = 0; i < 100; i++)
        {
            encoder.Append(i, $"value {i % 10}");
        }

        int allocated = encoder.AllocatedBytes;
        encoder.Reset();
        Assert.Equal(0, encoder.Count);
        Assert.Equal(3, encoder.Encoded.Length);
        Assert.True(encoder.AllocatedBytes <= allocated);
        encoder.Append(-5, "value 3");
        encoder.Append(-4, "other");
        encoder.Append(-3, "value 3");
        ChunkAssert.AssertDecodes(encoder.Encoded, FieldType.VarChar, new long[] { -5, -4, -3 }, null, ["value 3", "other", "value 3"], "after reset");
        Assert.Equal(-5, encoder.MinTime);
    }

    [Fact]
    public void Buffer_grows_from_small_and_allocation_is_reported()
    {
        var encoder = new ChunkEncoder(FieldType.BigInt);
        int initial = encoder.AllocatedBytes;
        Assert.True(initial <= 128, $"initial allocation {initial}");
        var random = new Random(3);
        for (int i = 0; i < 1000; i++)
        {
            encoder.Append(i * 1_000_003L, random.NextInt64());
        }

        Assert.True(encoder.AllocatedBytes >= encoder.Encoded.Length);
        Assert.True(encoder.AllocatedBytes > initial);
    }

    [Fact]
    public void A_chunk_holds_at_most_65535_samples()
    {
        var encoder = new ChunkEncoder(FieldType.Boolean);
        for (int i = 0; i < ushort.MaxValue; i++)
        {
            encoder.Append(i, i & 1);
        }

        var full = Assert.Throws<InvalidOperationException>(() => encoder.Append(ushort.MaxValue, 0));
        Assert.Contains("full", full.Message);
        Assert.Equal(ushort.MaxValue, ChunkCodec.GetCount(encoder.Encoded));
    }

    [Fact]
    public void Unknown_field_types_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkEncoder((FieldType)0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkEncoder((FieldType)9));
    }
}
