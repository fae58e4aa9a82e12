namespace Chronicle.Storage.Wal;

/// <summary>A record read back from the WAL.</summary>
/// <param name="Type">The record type.</param>
/// <param name="Position">Where the record starts.</param>
/// <param name="Payload">The payload bytes (CRC already verified); valid after the enumeration moves on.</param>
internal readonly record struct WalRecord(WalRecordType Type, WalPosition Position, ReadOnlyMemory<byte> Payload);
