namespace Chronicle.Storage.Encoding;

/// <summary>
/// The 3-byte header that starts every chunk.
/// </summary>
/// <remarks>
/// <code>
/// ┌──────────────────────────┬──────────────────────────┬─────────────────────────────┐
/// │ format: 1 byte           │ sample count: 2 bytes    │ sample stream: bits ...     │
/// │ version &lt;&lt; 4 | FieldType │ unsigned, big-endian     │ (see the type's codec)      │
/// └──────────────────────────┴──────────────────────────┴─────────────────────────────┘
/// </code>
/// The count has a fixed width so the head encoder rewrites it in place after every append and the
/// bytes are a complete chunk at all times (as Prometheus's chunkenc does with its 2-byte count).
/// A chunk holds at most <see cref="MaxCount"/> samples. Version 1 is the interleaved bit stream
/// every type has (the head chunk's format); version 2 is the block-packed DOUBLE or BIGINT chunk
/// of segments (<see cref="DeltaPackedCodec"/>).
/// </remarks>
internal static class ChunkHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 3;

    /// <summary>Format version stored in the high nibble of the first byte: the interleaved bit stream.</summary>
    public const int Version = 1;

    /// <summary>The format version of block-packed DOUBLE and BIGINT chunks (<see cref="DeltaPackedCodec"/>).</summary>
    public const int PackedVersion = 2;

    /// <summary>Largest sample count a chunk can hold.</summary>
    public const int MaxCount = ushort.MaxValue;

    /// <summary>The format byte for <paramref name="type"/> in format <paramref name="version"/>.</summary>
    public static byte FormatByte(FieldType type, int version = Version) => (byte)((version << 4) | (byte)type);

    /// <summary>The format version (the header must have been validated by <see cref="ReadType"/>).</summary>
    public static int ReadVersion(ReadOnlySpan<byte> chunk) => chunk[0] >> 4;

    /// <summary>Writes the count into bytes 1..2 of <paramref name="chunk"/>.</summary>
    public static void WriteCount(byte[] chunk, int count)
    {
        chunk[1] = (byte)(count >> 8);
        chunk[2] = (byte)count;
    }

    /// <summary>Validates the header and returns the field type.</summary>
    /// <exception cref="InvalidDataException">The span is shorter than a header, or the version or type is unknown.</exception>
    public static FieldType ReadType(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < Size)
        {
            throw new InvalidDataException($"Chunk is truncated: {chunk.Length} bytes is shorter than the {Size}-byte chunk header.");
        }

        int version = chunk[0] >> 4;
        int type = chunk[0] & 0x0F;
        if (version != Version && version != PackedVersion)
        {
            throw new InvalidDataException($"Chunk has unknown format version {version} (format byte 0x{chunk[0]:X2}); this build reads versions {Version} and {PackedVersion}.");
        }

        if (type < (int)FieldType.Double || type > (int)FieldType.VarChar)
        {
            throw new InvalidDataException($"Chunk has unknown field type {type} (format byte 0x{chunk[0]:X2}).");
        }

        if (version == PackedVersion && type != (int)FieldType.Double && type != (int)FieldType.BigInt)
        {
            throw new InvalidDataException($"Chunk has format version {PackedVersion}, which only DOUBLE and BIGINT chunks use, with field type {type} (format byte 0x{chunk[0]:X2}).");
        }

        return (FieldType)type;
    }

    /// <summary>Reads the sample count (the header must have been validated by <see cref="ReadType"/>).</summary>
    public static int ReadCount(ReadOnlySpan<byte> chunk) => (chunk[1] << 8) | chunk[2];
}
