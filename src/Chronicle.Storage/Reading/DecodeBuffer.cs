namespace Chronicle.Storage.Reading;

/// <summary>
/// Arrays one read decodes its chunks into, one chunk after another, so that a scan which consumes
/// each block before asking for the next allocates nothing per chunk. Grown to the largest chunk
/// seen (at most <see cref="Encoding.ChunkHeader.MaxCount"/> samples). Not thread-safe.
/// </summary>
internal sealed class DecodeBuffer
{
    private long[] _timestamps = [];
    private long[] _values = [];
    private string[]? _strings;

    /// <summary>Arrays of at least <paramref name="count"/> entries; <paramref name="strings"/> asks for a string array too (VARCHAR). Their contents are left over from earlier use.</summary>
    public (long[] Timestamps, long[] Values, string[]? Strings) Rent(int count, bool strings)
    {
        if (_timestamps.Length < count)
        {
            int size = Math.Max(count, 2 * _timestamps.Length);
            _timestamps = GC.AllocateUninitializedArray<long>(size);
            _values = GC.AllocateUninitializedArray<long>(size);
        }
        if (!strings) return (_timestamps, _values, null);
        if (_strings is null || _strings.Length < count) _strings = new string[Math.Max(count, _timestamps.Length)];
        return (_timestamps, _values, _strings);
    }
}

/// <summary>
/// A ring of <see cref="DecodeBuffer"/>s handed out in turn: block <c>i</c> of a read decodes into
/// buffer <c>i mod size</c>, so a block stays intact while fewer than <c>size</c> later blocks have
/// been decoded (one for a scan that consumes each block before the next, more for a read-ahead
/// queue). Not thread-safe: one ring per read.
/// </summary>
internal sealed class DecodeBufferRing
{
    private readonly DecodeBuffer[] _buffers;
    private int _next;

    /// <param name="size">Buffers in the ring, at least 1.</param>
    public DecodeBufferRing(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _buffers = new DecodeBuffer[size];
        for (int i = 0; i < size; i++) _buffers[i] = new DecodeBuffer();
    }

    /// <summary>The next buffer in turn.</summary>
    public DecodeBuffer Next()
    {
        var buffer = _buffers[_next];
        _next = _next + 1 == _buffers.Length ? 0 : _next + 1;
        return buffer;
    }
}
