namespace Chronicle.Storage.Wal;

/// <summary>The WAL files that exist, by sequence number, with their lengths in bytes. Thread-safe.</summary>
internal sealed class WalFileSet
{
    private readonly SortedList<long, long> _lengths = [];
    private readonly object _lock = new();

    /// <summary>Number of files.</summary>
    public int Count { get { lock (_lock) return _lengths.Count; } }

    /// <summary>Sum of the file lengths in bytes.</summary>
    public long TotalBytes { get { lock (_lock) return _lengths.Values.Sum(); } }

    /// <summary>Adds a file or sets its length.</summary>
    public void Set(long sequence, long length) { lock (_lock) _lengths[sequence] = length; }

    /// <summary>Length of a file as last recorded (acknowledged bytes), or -1 when unknown.</summary>
    public long LengthOf(long sequence) { lock (_lock) return _lengths.TryGetValue(sequence, out long n) ? n : -1; }

    /// <summary>Removes a file.</summary>
    public void Remove(long sequence) { lock (_lock) _lengths.Remove(sequence); }

    /// <summary>A snapshot of the sequence numbers, ascending.</summary>
    public long[] Sequences() { lock (_lock) return [.. _lengths.Keys]; }
}
