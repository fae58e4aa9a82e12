namespace Chronicle.Storage.Encoding;

/// <summary>
/// Reads chunks written by <see cref="ChunkEncoder"/>, and encodes whole chunks at once.
/// </summary>
/// <remarks>
/// A chunk is a <see cref="ChunkHeader"/> followed by one bit stream in which each sample's
/// timestamp (<see cref="TimestampCodec"/>) is followed by its value (<see cref="DoubleXorCodec"/>,
/// <see cref="BigIntDeltaCodec"/>, <see cref="BooleanCodec"/> or <see cref="VarCharCodec"/>).
/// Decoding allocates nothing per sample (VARCHAR allocates one string per distinct value).
/// Corrupt or truncated input raises <see cref="InvalidDataException"/>.
/// </remarks>
internal static class ChunkCodec
{
    /// <summary>The value type of a chunk.</summary>
    /// <exception cref="InvalidDataException">The header is truncated or unknown.</exception>
    public static FieldType GetType(ReadOnlySpan<byte> chunk) => ChunkHeader.ReadType(chunk);

    /// <summary>The number of samples in a chunk.</summary>
    /// <exception cref="InvalidDataException">The header is truncated or unknown.</exception>
    public static int GetCount(ReadOnlySpan<byte> chunk)
    {
        ChunkHeader.ReadType(chunk);
        return ChunkHeader.ReadCount(chunk);
    }

    /// <summary>
    /// Decodes the samples of a chunk: all of them, or, given <paramref name="minTime"/> and
    /// <paramref name="maxTime"/>, only those between them. A chunk's timestamps strictly increase
    /// (<see cref="ChunkEncoder"/> refuses anything else), so decoding stops at the first timestamp
    /// after <paramref name="maxTime"/>, and samples before <paramref name="minTime"/> are decoded
    /// (the stream is sequential) but not stored: a read whose range cuts a chunk gets only the
    /// samples in range, at the start of the destinations, and decodes nothing past the range.
    /// </summary>
    /// <param name="chunk">The chunk bytes (trailing bytes after the stream are ignored).</param>
    /// <param name="timestamps">Receives the timestamps (nanoseconds); at least <see cref="GetCount"/> long.</param>
    /// <param name="values">Receives the value words; at least <see cref="GetCount"/> long, except for VARCHAR where it is not written and may be empty.</param>
    /// <param name="strings">For VARCHAR, receives the values; at least <see cref="GetCount"/> long. Ignored otherwise.</param>
    /// <param name="minTime">The first timestamp wanted, nanoseconds (VARCHAR chunks are decoded whole regardless).</param>
    /// <param name="maxTime">The last timestamp wanted, nanoseconds (likewise).</param>
    /// <returns>The number of samples stored: the first that many entries of the destinations are set.</returns>
    /// <exception cref="ArgumentException">A destination is too short, or <paramref name="strings"/> is null for a VARCHAR chunk.</exception>
    /// <exception cref="InvalidDataException">The chunk is truncated or corrupt.</exception>
    public static int Decode(ReadOnlySpan<byte> chunk, Span<long> timestamps, Span<long> values, string[]? strings = null,
        long minTime = long.MinValue, long maxTime = long.MaxValue)
    {
        FieldType type = ChunkHeader.ReadType(chunk);
        int count = ChunkHeader.ReadCount(chunk);
        if (timestamps.Length < count)
        {
            throw new ArgumentException($"The timestamp span holds {timestamps.Length} entries; the chunk has {count} samples.", nameof(timestamps));
        }

        if (type == FieldType.VarChar)
        {
            if (strings is null || strings.Length < count)
            {
                throw new ArgumentException($"A VARCHAR chunk of {count} samples needs a strings array of at least that length.", nameof(strings));
            }
        }
        else if (values.Length < count)
        {
            throw new ArgumentException($"The value span holds {values.Length} entries; the chunk has {count} samples.", nameof(values));
        }

        if (count == 0)
        {
            return 0;
        }

        var reader = new BitReader(chunk, ChunkHeader.Size * 8);
        timestamps = timestamps[..count];
        switch (type)
        {
            case FieldType.Double:
                return DecodeNumeric(ref reader, timestamps, values[..count], new DoubleXorCodec(), minTime, maxTime);
            case FieldType.BigInt:
                return DecodeNumeric(ref reader, timestamps, values[..count], new BigIntDeltaCodec(), minTime, maxTime);
            case FieldType.Boolean:
                return DecodeNumeric(ref reader, timestamps, values[..count], new BooleanCodec(), minTime, maxTime);
            default:
                VarCharCodec.Decode(ref reader, timestamps, strings.AsSpan(0, count));
                return count;
        }
    }

    /// <summary>Encodes a whole chunk (for compaction re-chunking and tests).</summary>
    /// <param name="type">The value type.</param>
    /// <param name="timestamps">Strictly increasing timestamps, nanoseconds.</param>
    /// <param name="values">Value words, as many as timestamps (ignored for VARCHAR).</param>
    /// <param name="strings">For VARCHAR, the values, as many as timestamps.</param>
    /// <returns>A new array holding exactly the chunk.</returns>
    /// <exception cref="ArgumentException">Lengths differ, timestamps are not strictly increasing, or a value is invalid for the type.</exception>
    /// <exception cref="InvalidOperationException">More than <see cref="ChunkHeader.MaxCount"/> samples.</exception>
    public static byte[] Encode(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<long> values, IReadOnlyList<string>? strings = null)
    {
        var encoder = new ChunkEncoder(type);
        if (type == FieldType.VarChar)
        {
            if (strings is null || strings.Count != timestamps.Length)
            {
                throw new ArgumentException($"A VARCHAR chunk needs one string per timestamp ({timestamps.Length}).", nameof(strings));
            }

            for (int i = 0; i < timestamps.Length; i++)
            {
                encoder.Append(timestamps[i], strings[i]);
            }
        }
        else
        {
            if (values.Length != timestamps.Length)
            {
                throw new ArgumentException($"{values.Length} values for {timestamps.Length} timestamps.", nameof(values));
            }

            for (int i = 0; i < timestamps.Length; i++)
            {
                encoder.Append(timestamps[i], values[i]);
            }
        }

        return encoder.Encoded.ToArray();
    }

    /// <summary>
    /// Decodes samples until the stream's end or the first timestamp after <paramref name="maxTime"/>,
    /// storing those at or after <paramref name="minTime"/> from index 0; returns how many it stored.
    /// </summary>
    private static int DecodeNumeric<TValues>(ref BitReader reader, Span<long> timestamps, Span<long> values, TValues value, long minTime, long maxTime)
        where TValues : struct, IValueReader
    {
        var time = new TimestampCodec();
        int count = timestamps.Length, stored = 0;
        long t = time.ReadFirst(ref reader);
        if (t > maxTime)
        {
            return 0;
        }

        long v = value.ReadFirst(ref reader);
        if (t >= minTime)
        {
            timestamps[stored] = t;
            values[stored++] = v;
        }

        if (count == 1)
        {
            return stored;
        }

        t = time.ReadSecond(ref reader);
        if (t > maxTime)
        {
            return stored;
        }

        v = value.ReadNext(ref reader);
        if (t >= minTime)
        {
            timestamps[stored] = t;
            values[stored++] = v;
        }

        for (int i = 2; i < count; i++)
        {
            t = time.ReadNext(ref reader);
            if (t > maxTime)
            {
                return stored;
            }

            v = value.ReadNext(ref reader);
            if (t >= minTime)
            {
                timestamps[stored] = t;
                values[stored++] = v;
            }
        }

        return stored;
    }
}
