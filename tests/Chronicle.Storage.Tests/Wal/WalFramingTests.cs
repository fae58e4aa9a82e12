using Chronicle.Storage.Wal;

namespace Chronicle.Storage.Tests.Wal;

public class WalFramingTests
{
    [Fact]
    public void Framed_records_scan_back_with_type_offset_and_payload()
    {
        int seed = Environment.TickCount;
        Console.WriteLine($"WalFramingTests seed {seed}");
        var rng = new Random(seed);
        var records = new List<(WalRecordType, byte[])>();
        var buffer = new MemoryStream();
        for (int i = 0; i < 100; i++)
        {
            var type = (WalRecordType)rng.Next(1, 7);
            var payload = new byte[rng.Next(0, 300)];
            rng.NextBytes(payload);
            var framed = new byte[WalFraming.FramedLength(payload.Length)];
            Assert.Equal(framed.Length, WalFraming.Write(framed, type, payload));
            buffer.Write(framed);
            records.Add((type, payload));
        }
        var data = buffer.ToArray();
        var found = new List<WalScannedRecord>();
        var (stop, problem) = WalFileScanner.Scan(data, found.Add);
        Assert.Equal(WalScanProblem.None, problem);
        Assert.Equal(data.Length, stop);
        Assert.Equal(records.Count, found.Count);
        long offset = 0;
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].Item1, found[i].Type);
            Assert.Equal(offset, found[i].Offset);
            Assert.Equal(records[i].Item2, data.AsSpan(found[i].PayloadOffset, found[i].PayloadLength).ToArray());
            offset += WalFraming.FramedLength(records[i].Item2.Length);
        }
    }

    [Fact]
    public void Header_layout_is_length_crc_type()
    {
        var framed = new byte[12];
        WalFraming.Write(framed, WalRecordType.Delete, [0xAA, 0xBB, 0xCC]);
        Assert.Equal(new byte[] { 3, 0, 0, 0 }, framed[..4]);
        Assert.Equal(3, framed[8]);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, framed[9..]);
    }

    private static byte[] TwoRecords(out int second)
    {
        var a = new byte[WalFraming.FramedLength(20)];
        WalFraming.Write(a, WalRecordType.Samples, Enumerable.Repeat((byte)0x5A, 20).ToArray());
        var b = new byte[WalFraming.FramedLength(30)];
        WalFraming.Write(b, WalRecordType.Series, Enumerable.Repeat((byte)0x6B, 30).ToArray());
        second = a.Length;
        return [.. a, .. b];
    }

    [Fact]
    public void Problems_are_classified()
    {
        var data = TwoRecords(out int second);
        Assert.Equal((second, WalScanProblem.ShortHeader), WalFileScanner.Scan(data.AsSpan(0, second + 5), null));
        Assert.Equal((second, WalScanProblem.ShortRecord), WalFileScanner.Scan(data.AsSpan(0, data.Length - 1), null));
        Assert.Equal((second, WalScanProblem.ZeroHeader), WalFileScanner.Scan([.. data[..second], .. new byte[40]], null));

        var flipped = (byte[])data.Clone();
        flipped[second + 15] ^= 1;
        Assert.Equal((second, WalScanProblem.BadCrc), WalFileScanner.Scan(flipped, null));

        var badType = (byte[])data.Clone();
        badType[8] = 9;
        Assert.Equal((0L, WalScanProblem.BadType), WalFileScanner.Scan(badType, null));
    }

    [Fact]
    public void Torn_tail_rules()
    {
        var data = TwoRecords(out int second);
        // Cut short: torn.
        Assert.True(WalFileScanner.IsTornTail(data.AsSpan(0, data.Length - 3), second, WalScanProblem.ShortRecord));
        // Zero-filled tail: torn.
        byte[] zeroTail = [.. data[..second], .. new byte[600]];
        Assert.True(WalFileScanner.IsTornTail(zeroTail, second, WalScanProblem.ZeroHeader));
        // A bit flip in the last record, no zero sector: corruption, not torn.
        var flipped = (byte[])data.Clone();
        flipped[second + 15] ^= 1;
        Assert.False(WalFileScanner.IsTornTail(flipped, second, WalScanProblem.BadCrc));
        // A bit flip in the first record with a good record after it: corruption.
        var early = (byte[])data.Clone();
        early[12] ^= 1;
        Assert.False(WalFileScanner.IsTornTail(early, 0, WalScanProblem.BadCrc));
        // The record's second sector never written (zeros), nothing after: torn.
        var big = new byte[WalFraming.FramedLength(1000)];
        WalFraming.Write(big, WalRecordType.Samples, Enumerable.Repeat((byte)1, 1000).ToArray());
        Array.Clear(big, 512, big.Length - 512);
        Assert.True(WalFileScanner.IsTornTail(big, 0, WalScanProblem.BadCrc));
    }

    [Fact]
    public void File_names_are_16_hex_digits()
    {
        Assert.Equal("0000000000000001.wal", WalFileName.Format(1));
        Assert.Equal("00000000000000ff.wal", WalFileName.Format(255));
        Assert.True(WalFileName.TryParse("00000000000000ff.wal", out long s));
        Assert.Equal(255, s);
        Assert.False(WalFileName.TryParse("1.wal", out _));
        Assert.False(WalFileName.TryParse("000000000000000g.wal", out _));
        Assert.False(WalFileName.TryParse("0000000000000000.wal", out _));
    }

    [Fact]
    public void Positions_order_by_file_then_offset()
    {
        Assert.True(new WalPosition(1, 500) < new WalPosition(2, 0));
        Assert.True(new WalPosition(2, 9) > new WalPosition(2, 0));
        Assert.Equal(0, new WalPosition(3, 3).CompareTo(new WalPosition(3, 3)));
    }
}
