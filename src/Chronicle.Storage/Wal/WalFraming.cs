using System.Buffers.Binary;
using Chronicle.Storage.IO;

namespace Chronicle.Storage.Wal;

/// <summary>
/// The record frame: a 9-byte header, then the payload.
/// <code>
/// ┌──────────────────────┬───────────────────────────────┬─────────┬────────────────────┐
/// │ length u32 LE        │ CRC32C u32 LE (type+payload)  │ type u8 │ payload (length B) │
/// └──────────────────────┴───────────────────────────────┴─────────┴────────────────────┘
/// </code>
/// </summary>
internal static class WalFraming
{
    /// <summary>Bytes of the record header.</summary>
    public const int HeaderSize = 9;

    /// <summary>Largest payload accepted, in bytes (1 GiB); a larger length field is corruption.</summary>
    public const int MaxPayloadLength = 1 << 30;

    /// <summary>Bytes a record with a payload of <paramref name="payloadLength"/> bytes takes in the file.</summary>
    public static int FramedLength(int payloadLength) => HeaderSize + payloadLength;

    /// <summary>The CRC stored in the header: CRC32C over the type byte followed by the payload.</summary>
    public static uint Checksum(WalRecordType type, ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> t = [(byte)type];
        return Crc32C.Append(Crc32C.Compute(t), payload);
    }

    /// <summary>Writes the framed record at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, WalRecordType type, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Checksum(type, payload));
        destination[8] = (byte)type;
        payload.CopyTo(destination[HeaderSize..]);
        return HeaderSize + payload.Length;
    }

    /// <summary>Whether <paramref name="type"/> is a defined record type.</summary>
    public static bool IsDefined(WalRecordType type) => type is >= WalRecordType.Series and <= WalRecordType.CheckpointFinalize;
}
