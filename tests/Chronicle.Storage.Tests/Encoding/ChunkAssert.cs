using Chronicle.Storage.Encoding;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>Round-trip checks shared by the encoding tests.</summary>
internal static class ChunkAssert
{
    /// <summary>
    /// Appends every sample to a fresh encoder, decoding <see cref="ChunkEncoder.Encoded"/> after each
    /// append and comparing it with the samples so far; returns the final chunk.
    /// </summary>
    public static byte[] RoundTripsAfterEveryAppend(FieldType type, long[] timestamps, long[]? values = null, string[]? strings = null, string because = "")
    {
        var encoder = new ChunkEncoder(type);
        for (int n = 1; n <= timestamps.Length; n++)
        {
            if (type == FieldType.VarChar)
            {
                encoder.Append(timestamps[n - 1], strings![n - 1]);
            }
            else
            {
                encoder.Append(timestamps[n - 1], values![n - 1]);
            }

            AssertDecodes(encoder.Encoded, type, timestamps.AsSpan(0, n), values, strings, $"{because} after append {n}");
        }

        return encoder.Encoded.ToArray();
    }

    /// <summary>Encodes all samples at once with <see cref="ChunkCodec.Encode"/> and checks the decode.</summary>
    public static byte[] RoundTrips(FieldType type, long[] timestamps, long[]? values = null, string[]? strings = null, string because = "")
    {
        byte[] chunk = ChunkCodec.Encode(type, timestamps, values ?? [], strings);
        AssertDecodes(chunk, type, timestamps, values, strings, because);
        return chunk;
    }

    /// <summary>Decodes <paramref name="chunk"/> and compares it with the first <paramref name="expectedTimestamps"/>.Length samples.</summary>
    public static void AssertDecodes(ReadOnlySpan<byte> chunk, FieldType type, ReadOnlySpan<long> expectedTimestamps, long[]? values, string[]? strings, string because)
    {
        int n = expectedTimestamps.Length;
        Assert.Equal(type, ChunkCodec.GetType(chunk));
        Assert.Equal(n, ChunkCodec.GetCount(chunk));
        var ts = new long[n];
        var vs = new long[type == FieldType.VarChar ? 0 : n];
        var ss = type == FieldType.VarChar ? new string[n] : null;
        Assert.Equal(n, ChunkCodec.Decode(chunk, ts, vs, ss));
        for (int i = 0; i < n; i++)
        {
            if (ts[i] != expectedTimestamps[i])
            {
                Assert.Fail($"{because}: timestamp {i} decoded as {ts[i]}, expected {expectedTimestamps[i]}");
            }

            if (type == FieldType.VarChar)
            {
                if (!string.Equals(ss![i], strings![i], StringComparison.Ordinal))
                {
                    Assert.Fail($"{because}: string {i} decoded as \"{ss[i]}\", expected \"{strings[i]}\"");
                }
            }
            else if (vs[i] != values![i])
            {
                Assert.Fail($"{because}: value {i} decoded as 0x{vs[i]:X16}, expected 0x{values[i]:X16}");
            }
        }
    }

    /// <summary>Timestamps start, start + step, ... (count of them).</summary>
    public static long[] Regular(long start, long step, int count) =>
        Enumerable.Range(0, count).Select(i => start + i * step).ToArray();

    /// <summary>The IEEE bits of each double.</summary>
    public static long[] Bits(params double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
