namespace Chronicle.Storage.Encoding;

/// <summary>
/// The value half of a <see cref="FastChunkDecoder"/> loop: the value codec's state and the reading
/// of one value. Implemented by structs, so the loop is compiled per codec with the reading inlined
/// and the state in registers.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
/// <typeparam name="TCodec">The value codec whose stream it reads.</typeparam>
internal interface IFastValues<TSelf, TCodec>
    where TSelf : struct, IFastValues<TSelf, TCodec>
    where TCodec : struct, IValueReader
{
    /// <summary>The most bits one value (after the first) takes.</summary>
    static abstract int MaxValueBits { get; }

    /// <summary>The state <paramref name="codec"/> reached.</summary>
    static abstract TSelf From(in TCodec codec);

    /// <summary>A codec that continues from this state.</summary>
    TCodec ToCodec();

    /// <summary>
    /// Reads the value of the sample whose value bits start at bit <paramref name="at"/>;
    /// <paramref name="window"/> holds the bits from there on (at least 56 of them the chunk's).
    /// On success the state moves to this value and <paramref name="end"/> is the next sample's
    /// bit position; a value the codec would reject returns false and leaves the state unchanged.
    /// The caller guarantees every bit the value may take lies at least 8 bytes before the chunk's end.
    /// </summary>
    bool TryRead(ref byte data, ulong window, int at, out int end, out long value);
}
