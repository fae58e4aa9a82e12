namespace Chronicle.Storage.Wal;

/// <summary>What <see cref="WriteAheadLog.Repair"/> found and dropped.</summary>
internal sealed class WalRepairReport
{
    /// <summary>Whether a bad record was found (and so something was dropped).</summary>
    public bool Repaired { get; internal set; }

    /// <summary>Path of the file cut at the first bad record, or null when the WAL was clean.</summary>
    public string? TruncatedFile { get; internal set; }

    /// <summary>Byte offset of the first bad record in <see cref="TruncatedFile"/>, or -1.</summary>
    public long TruncatedAtOffset { get; internal set; } = -1;

    /// <summary>Paths of the later files deleted entirely.</summary>
    public List<string> DeletedFiles { get; } = [];

    /// <summary>Well-framed records found after the bad one (in the later files), now dropped; a lower bound.</summary>
    public long RecordsDropped { get; internal set; }

    /// <summary>Bytes dropped: the truncated tail plus the deleted files.</summary>
    public long BytesDropped { get; internal set; }

    /// <summary>Human-readable notes.</summary>
    public List<string> Messages { get; } = [];

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Messages);
}
