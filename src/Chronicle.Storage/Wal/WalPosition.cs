namespace Chronicle.Storage.Wal;

/// <summary>
/// Where a WAL record starts: the sequence number of its file and the byte offset of its header in
/// that file. Ordered by file, then offset, which is the order records were appended in.
/// </summary>
/// <param name="FileSequence">Sequence number of the WAL file (the 16 hex digits of its name), from 1.</param>
/// <param name="Offset">Byte offset of the record's header from the start of the file.</param>
internal readonly record struct WalPosition(long FileSequence, long Offset) : IComparable<WalPosition>
{
    /// <summary>Orders by <see cref="FileSequence"/>, then <see cref="Offset"/>.</summary>
    public int CompareTo(WalPosition other)
    {
        int c = FileSequence.CompareTo(other.FileSequence);
        return c != 0 ? c : Offset.CompareTo(other.Offset);
    }

    /// <summary>Whether <paramref name="a"/> is before <paramref name="b"/>.</summary>
    public static bool operator <(WalPosition a, WalPosition b) => a.CompareTo(b) < 0;
    /// <summary>Whether <paramref name="a"/> is after <paramref name="b"/>.</summary>
    public static bool operator >(WalPosition a, WalPosition b) => a.CompareTo(b) > 0;
    /// <summary>Whether <paramref name="a"/> is before or equal to <paramref name="b"/>.</summary>
    public static bool operator <=(WalPosition a, WalPosition b) => a.CompareTo(b) <= 0;
    /// <summary>Whether <paramref name="a"/> is after or equal to <paramref name="b"/>.</summary>
    public static bool operator >=(WalPosition a, WalPosition b) => a.CompareTo(b) >= 0;

    /// <inheritdoc/>
    public override string ToString() => $"{WalFileName.Format(FileSequence)}@{Offset}";
}
