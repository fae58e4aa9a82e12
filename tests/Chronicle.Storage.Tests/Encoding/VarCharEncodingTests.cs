using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>VARCHAR literals and dictionary references (VarCharCodec).</summary>
public class VarCharEncodingTests
{
    private static byte[] RoundTrip(string[] strings, string because = "") =>
        ChunkAssert.RoundTripsAfterEveryAppend(FieldType.VarChar, ChunkAssert.Regular(0, 1000, strings.Length), strings: strings, because: because);

    [Fact]
    public void Repeated_values_become_short_references()
    {
        string[] states = ["running", "stopped", "degraded"];
        string[] strings = Enumerable.Range(0, 120).Select(i => states[i * 7 % 3]).ToArray();
        byte[] chunk = RoundTrip(strings);
        // three literals (1 + 7 length bits, alignment, text) and 117 references of 1 + 2 bits: well under the text size
        Assert.True(chunk.Length < 3 + 30 + 26 + 120 / 8 * 3 + 8, $"chunk is {chunk.Length} bytes");
    }

    [Fact]
    public void Decoded_repeats_share_one_string_instance()
    {
        byte[] chunk = ChunkCodec.Encode(FieldType.VarChar, [1, 2, 3], [], ["a", "b", "a"]);
        var strings = new string[3];
        ChunkCodec.Decode(chunk, new long[3], [], strings);
        Assert.Same(strings[0], strings[2]);
    }

    [Fact]
    public void Unique_values_round_trip_length_prefixed()
    {
        string[] strings = Enumerable.Range(0, 200).Select(i => $"request-{i * 7919}").ToArray();
        byte[] chunk = RoundTrip(strings);
        int text = strings.Sum(s => s.Length);
        Assert.True(chunk.Length <= 3 + text + 200 * 2 + 16, $"chunk is {chunk.Length} bytes for {text} bytes of text");
    }

    [Fact]
    public void Empty_unicode_and_long_strings_round_trip()
    {
        RoundTrip(["", "", "é", "日本語", "😀 emoji", "", new string('x', 63), new string('y', 64), new string('z', 16383), new string('w', 16384), new string('v', 70000), "é"]);
        RoundTrip([""], "single empty");
    }

    [Fact]
    public void Lone_surrogates_are_rejected_and_leave_the_chunk_intact()
    {
        var encoder = new ChunkEncoder(FieldType.VarChar);
        encoder.Append(1, "ok");
        Assert.Throws<ArgumentException>(() => encoder.Append(2, "bad \uD800"));
        Assert.Equal(1, encoder.Count);
        encoder.Append(3, "ok");
        encoder.Append(4, "fine");
        ChunkAssert.AssertDecodes(encoder.Encoded, FieldType.VarChar, new long[] { 1, 3, 4 }, null, ["ok", "ok", "fine"], "after a rejected value");
    }

    [Fact]
    public void Values_over_16_MiB_are_rejected_and_leave_the_chunk_intact()
    {
        var encoder = new ChunkEncoder(FieldType.VarChar);
        encoder.Append(1, "before");
        var e = Assert.Throws<ArgumentException>(() => encoder.Append(2, new string('x', VarCharCodec.MaxValueBytes + 1)));
        Assert.Contains("limit", e.Message);
        encoder.Append(2, new string('x', 1000));
        Assert.Equal(2, encoder.Count);
        ChunkAssert.AssertDecodes(encoder.Encoded, FieldType.VarChar, new long[] { 1, 2 }, null, ["before", new string('x', 1000)], "after an oversized value");
    }

    [Fact]
    public void Null_values_and_the_numeric_overload_are_rejected()
    {
        var encoder = new ChunkEncoder(FieldType.VarChar);
        Assert.Throws<ArgumentNullException>(() => encoder.Append(1, (string)null!));
        Assert.Throws<InvalidOperationException>(() => encoder.Append(1, 5L));
        var numeric = new ChunkEncoder(FieldType.Double);
        Assert.Throws<InvalidOperationException>(() => numeric.Append(1, "text"));
    }
}
