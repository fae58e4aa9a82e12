namespace Chronicle.Storage.Wal;

/// <summary>The type byte of a WAL record. Zero is never a valid type (a zero-filled tail reads as torn).</summary>
internal enum WalRecordType : byte
{
    /// <summary>A new series: ID, value type, key text (<see cref="WalCodec.DecodeSeries"/>).</summary>
    Series = 1,
    /// <summary>A batch of samples (<see cref="WalCodec.EncodeSamples"/>).</summary>
    Samples = 2,
    /// <summary>A tombstone: series IDs and a time range (<see cref="WalCodec.EncodeDelete"/>).</summary>
    Delete = 3,
    /// <summary>Opens a checkpoint; payload: the checkpoint's up-to position (16 bytes).</summary>
    CheckpointStart = 4,
    /// <summary>One entry of the open checkpoint; payload chosen by the engine.</summary>
    CheckpointEntry = 5,
    /// <summary>Closes the open checkpoint; payload: the same up-to position as its start.</summary>
    CheckpointFinalize = 6,
}
