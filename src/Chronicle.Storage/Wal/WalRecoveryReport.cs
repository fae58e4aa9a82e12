namespace Chronicle.Storage.Wal;

/// <summary>What <see cref="WriteAheadLog.Open"/> found and did.</summary>
internal sealed class WalRecoveryReport
{
    /// <summary>Whether a torn or short record at the end of the last file was cut off.</summary>
    public bool TornTailTruncated { get; internal set; }

    /// <summary>Path of the file that was truncated, or null.</summary>
    public string? TruncatedFile { get; internal set; }

    /// <summary>Byte offset the file was truncated at (the start of the torn record), or -1.</summary>
    public long TruncatedAtOffset { get; internal set; } = -1;

    /// <summary>Bytes removed by the truncation.</summary>
    public long BytesDropped { get; internal set; }

    /// <summary>Records <see cref="WriteAheadLog.ReadForReplay"/> will return (checkpoint entries included).</summary>
    public long RecordsReplayable { get; internal set; }

    /// <summary>Where replay starts: the up-to position of the last finalized checkpoint, or the first record.</summary>
    public WalPosition StartPosition { get; internal set; }

    /// <summary>Human-readable notes (truncation, ignored unfinalized checkpoints, files found).</summary>
    public List<string> Messages { get; } = [];

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Messages);
}
