namespace Chronicle.Storage.Encoding;

/// <summary>
/// Reads chunks written by <see cref="ChunkEncoder"/>, and encodes whole chunks at once.
/// </summary>
/// <remarks>
/// A chunk is a <see cref="ChunkHeader"/> followed, in format version 1, by one bit stream in which
/// each sample's timestamp (<see cref="TimestampCodec"/>) is followed by its value
/// (<see cref="DoubleXorCodec"/>, <see cref="BigIntDeltaCodec"/>, <see cref="BooleanCodec"/> or
/// <see cref="VarCharCodec"/>); a version-2 DOUBLE or BIGINT chunk holds blocks of packed deltas
/// instead (<see cref="DeltaPackedCodec"/>).
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
    /// (the stream is sequential) but not kept: a read whose range cuts a chunk gets only the
    /// samples in range, at the start of the destinations, and decodes nothing past the range.
    /// </summary>
    /// <param name="chunk">The chunk bytes (trailing bytes after the stream are ignored).</param>
    /// <param name="timestamps">Receives the timestamps (nanoseconds); at least <see cref="GetCount"/> long.</param>
    /// <param name="values">Receives the value words; at least <see cref="GetCount"/> long, except for VARCHAR where it is not written and may be empty.</param>
    /// <param name="strings">For VARCHAR, receives the values; at least <see cref="GetCount"/> long. Ignored otherwise.</param>
    /// <param name="minTime">The first timestamp wanted, nanoseconds (VARCHAR chunks are decoded whole regardless).</param>
    /// <param name="maxTime">The last timestamp wanted, nanoseconds (likewise).</param>
    /// <returns>The number of samples kept: the first that many entries of the destinations are set.</returns>
    /// <exception cref="ArgumentException">A destination is too short, or <paramref name="strings"/> is null for a VARCHAR chunk.</exception>
    /// <exception cref="InvalidDataException">The chunk is truncated or corrupt (in the part decoded).</exception>
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

        timestamps = timestamps[..count];
        if (ChunkHeader.ReadVersion(chunk) == ChunkHeader.PackedVersion)
        {
            return KeepFrom(minTime, timestamps, values, DeltaPackedCodec.Decode(type, chunk, count, timestamps, values[..count], maxTime));
        }

        var reader = new BitReader(chunk, ChunkHeader.Size * 8);
        switch (type)
        {
            case FieldType.Double:
                return KeepFrom(minTime, timestamps, values, FastChunkDecoder.Decode<DoubleXorFastValues, DoubleXorCodec>(chunk, ref reader, timestamps, values, new DoubleXorCodec(), maxTime));
            case FieldType.BigInt:
                return KeepFrom(minTime, timestamps, values, FastChunkDecoder.Decode<BigIntDeltaFastValues, BigIntDeltaCodec>(chunk, ref reader, timestamps, values, new BigIntDeltaCodec(), maxTime));
            case FieldType.Boolean:
                return KeepFrom(minTime, timestamps, values, DecodeNumeric(ref reader, timestamps, values[..count], new BooleanCodec(), maxTime));
            default:
                VarCharCodec.Decode(ref reader, timestamps, strings.AsSpan(0, count));
                return count;
        }
    }

    /// <summary>Moves the decoded samples at or after <paramref name="minTime"/> to the start; returns how many there are.</summary>
    private static int KeepFrom(long minTime, Span<long> timestamps, Span<long> values, int decoded)
    {
        if (minTime == long.MinValue || decoded == 0 || timestamps[0] >= minTime)
        {
            return decoded;
        }

        int first = timestamps[..decoded].IndexOfAnyExceptInRange(long.MinValue, minTime - 1);
        if (first < 0)
        {
            return 0;
        }

        int kept = decoded - first;
        timestamps.Slice(first, kept).CopyTo(timestamps);
        values.Slice(first, kept).CopyTo(values);
        return kept;
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
    /// Decodes up to <paramref name="timestamps"/>.Length samples with the codecs' own
    /// <c>ReadNext</c> loop, stopping at the first timestamp after <paramref name="maxTime"/>;
    /// returns how many. The path for BOOLEAN, and for DOUBLE and BIGINT the reference
    /// <see cref="FastChunkDecoder"/> is tested against.
    /// </summary>
    /// <exception cref="InvalidDataException">The chunk is truncated or corrupt.</exception>
    internal static int DecodeNumeric<TValues>(ref BitReader reader, Span<long> timestamps, Span<long> values, TValues value, long maxTime = long.MaxValue)
        where TValues : struct, IValueReader
    {
        var time = new TimestampCodec();
        timestamps[0] = time.ReadFirst(ref reader);
        if (timestamps[0] > maxTime)
        {
            return 0;
        }

        values[0] = value.ReadFirst(ref reader);
        if (timestamps.Length == 1)
        {
            return 1;
        }

        timestamps[1] = time.ReadSecond(ref reader);
        if (timestamps[1] > maxTime)
        {
            return 1;
        }

        values[1] = value.ReadNext(ref reader);
        for (int i = 2; i < timestamps.Length; i++)
        {
            timestamps[i] = time.ReadNext(ref reader);
            if (timestamps[i] > maxTime)
            {
                return i;
            }

            values[i] = value.ReadNext(ref reader);
        }

        return timestamps.Length;
    }
}
