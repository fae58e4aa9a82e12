using System.Buffers.Binary;

namespace Chronicle.Storage.Wal;

/// <summary>Why a scan stopped before the end of a file.</summary>
internal enum WalScanProblem
{
    /// <summary>The file ended cleanly at a record boundary.</summary>
    None,
    /// <summary>Fewer than 9 bytes remain: a header cut short.</summary>
    ShortHeader,
    /// <summary>The length field points past the end of the file: a record cut short.</summary>
    ShortRecord,
    /// <summary>The header is nine zero bytes (a zero-filled, never-written area).</summary>
    ZeroHeader,
    /// <summary>The type byte is not a defined record type.</summary>
    BadType,
    /// <summary>The length field exceeds <see cref="WalFraming.MaxPayloadLength"/>.</summary>
    BadLength,
    /// <summary>The CRC does not match the type and payload.</summary>
    BadCrc,
}

/// <summary>A record found by <see cref="WalFileScanner"/>: its type, header offset, payload offset and length.</summary>
internal readonly record struct WalScannedRecord(WalRecordType Type, long Offset, int PayloadOffset, int PayloadLength);

/// <summary>
/// Reads the records of one WAL file held in memory, verifying every CRC, and classifies where and
/// why it stopped, and whether that stop looks like a torn write (see <see cref="IsTornTail"/>).
/// </summary>
internal static class WalFileScanner
{
    /// <summary>Disk sector size assumed atomic by <see cref="IsTornTail"/>.</summary>
    public const int SectorSize = 512;

    /// <summary>
    /// Scans <paramref name="data"/> from offset 0, calling <paramref name="onRecord"/> for every good
    /// record in order. Returns the offset of the first bad byte (the file length when clean) and the problem there.
    /// </summary>
    public static (long StopOffset, WalScanProblem Problem) Scan(ReadOnlySpan<byte> data, Action<WalScannedRecord>? onRecord)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            var problem = Check(data, pos, out var record);
            if (problem != WalScanProblem.None) return (pos, problem);
            onRecord?.Invoke(record);
            pos = record.PayloadOffset + record.PayloadLength;
        }
        return (data.Length, WalScanProblem.None);
    }

    /// <summary>Checks the record at <paramref name="pos"/>.</summary>
    public static WalScanProblem Check(ReadOnlySpan<byte> data, int pos, out WalScannedRecord record)
    {
        record = default;
        int remaining = data.Length - pos;
        if (remaining < WalFraming.HeaderSize) return WalScanProblem.ShortHeader;
        var header = data.Slice(pos, WalFraming.HeaderSize);
        if (!header.ContainsAnyExcept((byte)0)) return WalScanProblem.ZeroHeader;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var type = (WalRecordType)header[8];
        if (length > remaining - WalFraming.HeaderSize) return WalScanProblem.ShortRecord;
        if (length > WalFraming.MaxPayloadLength) return WalScanProblem.BadLength;
        if (!WalFraming.IsDefined(type)) return WalScanProblem.BadType;
        var payload = data.Slice(pos + WalFraming.HeaderSize, (int)length);
        if (WalFraming.Checksum(type, payload) != crc) return WalScanProblem.BadCrc;
        record = new WalScannedRecord(type, pos, pos + WalFraming.HeaderSize, (int)length);
        return WalScanProblem.None;
    }

    /// <summary>
    /// Whether a problem at <paramref name="offset"/> of the LAST file is a torn write (a crash in the
    /// middle of appending) rather than corruption. Torn when the header or record is cut short by
    /// the end of the file, or when nothing but zero bytes follows the bad record and some
    /// sector-aligned piece of it is entirely zero: the file was extended but that sector never
    /// written (the rule of etcd's <c>isTornEntry</c>, sectors being written atomically).
    /// </summary>
    public static bool IsTornTail(ReadOnlySpan<byte> data, long offset, WalScanProblem problem)
    {
        if (problem is WalScanProblem.ShortHeader or WalScanProblem.ShortRecord) return true;
        if (problem == WalScanProblem.None) return false;
        int pos = (int)offset;
        long length = problem == WalScanProblem.ZeroHeader || problem == WalScanProblem.BadLength
            ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
        int end = (int)Math.Min(data.Length, pos + WalFraming.HeaderSize + length);
        if (data[end..].ContainsAnyExcept((byte)0)) return false;  // good-looking bytes follow: not a tail
        for (int start = pos; start < end;)
        {
            int sectorEnd = Math.Min(end, (start / SectorSize + 1) * SectorSize);
            if (!data[start..sectorEnd].ContainsAnyExcept((byte)0)) return true;
            start = sectorEnd;
        }
        return false;
    }

    /// <summary>Words for a problem, for messages.</summary>
    public static string Describe(WalScanProblem problem) => problem switch
    {
        WalScanProblem.ShortHeader => "record header cut short by the end of the file",
        WalScanProblem.ShortRecord => "record length runs past the end of the file",
        WalScanProblem.ZeroHeader => "zero-filled record header",
        WalScanProblem.BadType => "unknown record type",
        WalScanProblem.BadLength => "impossible record length",
        WalScanProblem.BadCrc => "record CRC mismatch",
        _ => "no problem",
    };
}
