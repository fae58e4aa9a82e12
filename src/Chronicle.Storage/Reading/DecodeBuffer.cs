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

