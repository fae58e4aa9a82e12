namespace Chronicle.Storage.Encoding;

/// <summary>
/// The value half of a <see cref="FastChunkDecoder"/> loop: the value codec's state between
/// batches and the batch loop itself, which decodes timestamps and values together so that the
/// whole state stays in registers. Implemented by structs, so each loop is compiled per codec.
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
    /// Decodes up to <paramref name="count"/> samples into <paramref name="ts"/> and
    /// <paramref name="vs"/>, all starting at least <see cref="FastChunkDecoder.Margin"/> bytes before
    /// the chunk's end; returns how many it decoded. It stops before a sample the codecs would
    /// reject, without consuming it.
    /// </summary>
    int DecodeBatch(ref byte data, ref long ts, ref long vs, int count, ref FastChunkDecoder.TimeState time);
}
