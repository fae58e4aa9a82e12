namespace Chronicle.Storage.Head;

/// <summary>
/// The small sorted buffer of a series' samples that arrived at or before its head chunk's last
/// timestamp. A sample with a timestamp already present replaces it (the last write wins); since
/// the head only appends timestamps later than everything before, a buffered sample is always
/// newer than a chunk sample with the same timestamp, so at merge time the buffer wins ties.
/// Not thread-safe: the owning <see cref="MemSeries"/> locks.
/// </summary>
internal sealed class OutOfOrderBuffer
{
    private long[] _timestamps = new long[8];
    private long[] _values = new long[8];
    private string[]? _strings;

    public OutOfOrderBuffer(bool hasStrings)
    {
        if (hasStrings) _strings = new string[8];
    }

    public int Count { get; private set; }

    public void Insert(long timestamp, long bits, string? text)
    {
        int i = Array.BinarySearch(_timestamps, 0, Count, timestamp);
        if (i >= 0)
        {
            _values[i] = bits;
            if (_strings is not null) _strings[i] = text!;
            return;
        }
        i = ~i;
        if (Count == _timestamps.Length)
        {
            Array.Resize(ref _timestamps, Count * 2);
            Array.Resize(ref _values, Count * 2);
            if (_strings is not null) Array.Resize(ref _strings, Count * 2);
        }
        Array.Copy(_timestamps, i, _timestamps, i + 1, Count - i);
        Array.Copy(_values, i, _values, i + 1, Count - i);
        if (_strings is not null) Array.Copy(_strings, i, _strings, i + 1, Count - i);
        _timestamps[i] = timestamp;
        _values[i] = bits;
        if (_strings is not null) _strings[i] = text!;
        Count++;
    }

    /// <summary>A copy of the buffered samples.</summary>
    public SampleRun Snapshot() =>
        new(_timestamps[..Count], _values[..Count], _strings?[..Count], Count);

    public void Clear() => Count = 0;

    public int AllocatedBytes => _timestamps.Length * 16 + (_strings?.Length ?? 0) * 8;
}
