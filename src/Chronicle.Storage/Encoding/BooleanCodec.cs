namespace Chronicle.Storage.Encoding;

/// <summary>BOOLEAN values, bit-packed.</summary>
/// <remarks>
/// Bit layout of sample i's value, written after the sample's timestamp:
/// <code>
/// every i:  '0' false | '1' true         1 bit
/// </code>
/// With regular timestamps (one bit each) a BOOLEAN sample costs two bits.
/// </remarks>
internal struct BooleanCodec : IValueReader
{
    /// <summary>Appends a value word, which must be 0 or 1.</summary>
    public static void Write(ref BitWriter writer, long value) => writer.WriteBits((ulong)value, 1);

    /// <summary>Reads a value as 0 or 1.</summary>
    /// <exception cref="InvalidDataException">Truncated.</exception>
    public static long Read(ref BitReader reader) => (long)reader.ReadSmall(1);

    /// <inheritdoc/>
    public readonly long ReadFirst(ref BitReader reader) => Read(ref reader);

    /// <inheritdoc/>
    public readonly long ReadNext(ref BitReader reader) => Read(ref reader);
}
