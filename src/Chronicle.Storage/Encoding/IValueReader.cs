namespace Chronicle.Storage.Encoding;

/// <summary>
/// The value half of a numeric chunk decoder. Implemented by structs so that
/// <see cref="ChunkCodec"/>'s one generic decode loop is specialized per codec by the JIT.
/// </summary>
internal interface IValueReader
{
    /// <summary>Reads the first sample's value word.</summary>
    long ReadFirst(ref BitReader reader);

    /// <summary>Reads the value word of a sample after the first.</summary>
    long ReadNext(ref BitReader reader);
}
