using Chronicle.Storage.Wal;
using static Chronicle.Storage.Tests.Wal.WalTestKit;

namespace Chronicle.Storage.Tests.Wal;

public class WriteAheadLogTests
{
    [Fact]
    public async Task Appended_records_replay_in_order_after_reopen()
    {
        var fs = NewFs();
        List<WalPosition> positions;
        using (var wal = WriteAheadLog.Open(fs, Root, Options(), out var first))
        {
            Assert.False(first.TornTailTruncated);
            Assert.Equal(0, first.RecordsReplayable);
            Assert.True(fs.FileExists(FilePath(1)));
            positions = await AppendRange(wal, 0, 50);
        }
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(new WalPosition(1, 0), positions[0]);
        using var reopened = WriteAheadLog.Open(fs, Root, Options(), out var report);
        Assert.Equal(50, report.RecordsReplayable);
        Assert.Equal(new WalPosition(1, 0), report.StartPosition);
        Assert.Equal(Enumerable.Range(0, 50), ReplayIndices(reopened));
        Assert.Equal(positions, reopened.ReadForReplay().Select(r => r.Position));
    }

    [Fact]
    public async Task Appends_after_reopen_continue_the_last_file()
    {
        var fs = NewFs();
        using (var wal = Open(fs)) await AppendRange(wal, 0, 3);
        using (var wal = Open(fs)) await AppendRange(wal, 3, 3);
        using var last = Open(fs);
        Assert.Equal(1, last.FileCount);
        Assert.Equal(Enumerable.Range(0, 6), ReplayIndices(last));
    }

    [Fact]
    public async Task Files_rotate_before_exceeding_the_maximum_size()
    {
        var fs = NewFs();
        const long max = 500;
        using (var wal = Open(fs, Options(maxFileSize: max)))
        {
            await AppendRange(wal, 0, 100);
            Assert.True(wal.FileCount > 5);
            var big = await wal.AppendAsync(WalRecordType.Samples, Payload(100).Concat(new byte[1000]).ToArray());
            Assert.Equal(0, big.Offset);   // larger than a file: a file of its own
            Assert.Equal(wal.FileCount, (int)big.FileSequence);
            long total = 0;
            for (long s = 1; s <= wal.FileCount; s++)
            {
                long length = fs.GetLength(FilePath(s));
                total += length;
                if (s != big.FileSequence) Assert.InRange(length, 1, max);
            }
            Assert.Equal(total, wal.TotalBytes);
        }
        using var reopened = Open(fs, Options(maxFileSize: max));
        Assert.Equal(101, reopened.ReadForReplay().Count());
    }

    [Fact]
    public async Task RotateNow_starts_a_new_file_and_is_a_no_op_on_an_empty_one()
    {
        var fs = NewFs();
        using var wal = Open(fs);
        wal.RotateNow();
        Assert.Equal(new WalPosition(1, 0), wal.NextPosition);
        var p = await wal.AppendAsync(WalRecordType.Samples, Payload(0));
        Assert.Equal(new WalPosition(1, 9 + Payload(0).Length), wal.NextPosition);
        wal.RotateNow();
        Assert.Equal(new WalPosition(2, 0), wal.NextPosition);
        Assert.Equal(2, wal.FileCount);
        Assert.True(p < wal.NextPosition);
        Assert.Equal(0, fs.UnsyncedBytes(FilePath(1)));   // a closed file is always fsynced
    }

    [Fact]
    public async Task A_record_list_is_one_group_with_consecutive_positions()
    {
        var fs = NewFs();
        using var wal = Open(fs);
        long writes = fs.WriteCount;
        var first = await wal.AppendAsync([(WalRecordType.Series, Payload(0)), (WalRecordType.Samples, Payload(1)), (WalRecordType.Delete, Payload(2))]);
        Assert.Equal(writes + 1, fs.WriteCount);
        Assert.Equal(new WalPosition(1, 0), first);
        var replay = wal.ReadForReplay().ToList();
        Assert.Equal([WalRecordType.Series, WalRecordType.Samples, WalRecordType.Delete], replay.Select(r => r.Type));
        Assert.Equal(9 + Payload(0).Length, replay[1].Position.Offset);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected()
    {
        var fs = NewFs();
        var wal = Open(fs);
        Assert.Throws<ArgumentException>(() => { _ = wal.AppendAsync(WalRecordType.CheckpointEntry, new byte[1]); });
        Assert.Throws<ArgumentException>(() => { _ = wal.AppendAsync((WalRecordType)0, new byte[1]); });
        Assert.Throws<ArgumentException>(() => { _ = wal.AppendAsync([]); });
        Assert.Throws<ArgumentOutOfRangeException>(() => wal.Checkpoint(new WalPosition(5, 0), []));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => { _ = wal.AppendAsync(WalRecordType.Samples, new byte[1], cts.Token); });
        wal.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await wal.AppendAsync(WalRecordType.Samples, new byte[1]));
    }

    [Fact]
    public async Task Concurrent_appenders_share_fsyncs_in_Always_mode()
    {
        var fs = NewFs();
        fs.SyncLatency = TimeSpan.FromMilliseconds(1);
        const int appenders = 64, each = 20;
        var all = new List<(int Index, WalPosition Position)>();
        using (var wal = Open(fs, Options(SyncMode.Always)))
        {
            long syncsBefore = fs.SyncCount;
            var tasks = Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
            {
                var mine = new List<(int, WalPosition)>();
                for (int i = 0; i < each; i++)
                {
                    int index = a * each + i;
                    mine.Add((index, await wal.AppendAsync(WalRecordType.Samples, Payload(index))));
                }
                return mine;
            })).ToArray();
            foreach (var t in tasks) all.AddRange(await t);
            long syncs = fs.SyncCount - syncsBefore;
            Assert.True(syncs < appenders * each, $"{syncs} fsyncs for {appenders * each} appends");
            Assert.True(syncs >= 1);
        }
        Assert.Equal(appenders * each, all.Select(x => x.Position).Distinct().Count());
        using var reopened = Open(fs);
        var replayed = ReplayIndices(reopened);
        Assert.Equal(all.OrderBy(x => x.Position).Select(x => x.Index), replayed);
    }

    [Fact]
    public async Task Interval_mode_fsyncs_within_the_interval_and_None_only_at_close()
    {
        var fs = NewFs();
        using (var wal = Open(fs, Options(SyncMode.Interval, interval: TimeSpan.FromMilliseconds(20))))
        {
            await AppendRange(wal, 0, 5);
            for (int i = 0; i < 500 && fs.UnsyncedBytes(FilePath(1)) > 0; i++) await Task.Delay(10);
            Assert.Equal(0, fs.UnsyncedBytes(FilePath(1)));
        }
        var fs2 = NewFs();
        var none = Open(fs2, Options(SyncMode.None));
        await AppendRange(none, 0, 5);
        Assert.True(fs2.UnsyncedBytes(FilePath(1)) > 0);
        none.Dispose();
        Assert.Equal(0, fs2.UnsyncedBytes(FilePath(1)));
    }

    [Fact]
    public async Task A_torn_last_record_is_truncated_at_every_cut_offset()
    {
        var fs = NewFs();
        List<WalPosition> positions;
        using (var wal = Open(fs)) positions = await AppendRange(wal, 0, 10);
        byte[] full = fs.ReadAllBytes(FilePath(1));
        long lastStart = positions[^1].Offset;
        for (long cut = lastStart + 1; cut < full.Length; cut++)
        {
            var cutFs = NewFs();
            cutFs.CreateDirectory(Root + "/wal");
            cutFs.WriteAllBytes(FilePath(1), full.AsSpan(0, (int)cut));
            using (var wal = WriteAheadLog.Open(cutFs, Root, Options(), out var report))
            {
                Assert.True(report.TornTailTruncated, $"cut at {cut}");
                Assert.Equal(FilePath(1), report.TruncatedFile);
                Assert.Equal(lastStart, report.TruncatedAtOffset);
                Assert.Equal(cut - lastStart, report.BytesDropped);
                Assert.Equal(9, report.RecordsReplayable);
                Assert.Contains(report.Messages, m => m.Contains("torn"));
                Assert.Equal(lastStart, cutFs.GetLength(FilePath(1)));
                Assert.Equal(Enumerable.Range(0, 9), ReplayIndices(wal));
                await wal.AppendAsync(WalRecordType.Samples, Payload(9));
            }
            using var again = Open(cutFs);
            Assert.Equal(Enumerable.Range(0, 10), ReplayIndices(again));
        }
    }

    [Fact]
    public async Task A_zero_filled_tail_is_truncated()
    {
        var fs = NewFs();
        using (var wal = Open(fs)) await AppendRange(wal, 0, 4);
        byte[] full = fs.ReadAllBytes(FilePath(1));
        fs.WriteAllBytes(FilePath(1), [.. full, .. new byte[1500]]);
        using var reopened = WriteAheadLog.Open(fs, Root, Options(), out var report);
        Assert.True(report.TornTailTruncated);
        Assert.Equal(full.Length, report.TruncatedAtOffset);
        Assert.Equal(1500, report.BytesDropped);
        Assert.Equal(Enumerable.Range(0, 4), ReplayIndices(reopened));
    }

    [Fact]
    public async Task A_bad_crc_in_a_middle_record_names_the_file_and_offset()
    {
        var fs = NewFs();
        List<WalPosition> positions;
        using (var wal = Open(fs)) positions = await AppendRange(wal, 0, 10);
        byte[] data = fs.ReadAllBytes(FilePath(1));
        data[positions[3].Offset + 12] ^= 0x01;
        fs.WriteAllBytes(FilePath(1), data);
        var e = Assert.Throws<CorruptionException>(() => Open(fs));
        Assert.Equal(FilePath(1), e.Path);
        Assert.Equal(positions[3].Offset, e.Offset);
        Assert.Contains(FilePath(1), e.Message);
        Assert.Contains("CRC", e.Message);
    }

    [Fact]
    public async Task A_bad_crc_in_the_last_record_without_zeros_is_corruption_not_a_torn_tail()
    {
        var fs = NewFs();
        WalPosition last;
        using (var wal = Open(fs))
        {
            await AppendRange(wal, 0, 3);
            last = await wal.AppendAsync(WalRecordType.Samples, Enumerable.Repeat((byte)0xAB, 100).ToArray());
        }
        byte[] data = fs.ReadAllBytes(FilePath(1));
        data[last.Offset + 50] ^= 0x40;
        fs.WriteAllBytes(FilePath(1), data);
        var e = Assert.Throws<CorruptionException>(() => Open(fs));
        Assert.Equal(last.Offset, e.Offset);
    }

    [Fact]
    public async Task A_cut_record_in_a_file_that_is_not_the_last_is_corruption()
    {
        var fs = NewFs();
        List<WalPosition> positions;
        using (var wal = Open(fs))
        {
            positions = await AppendRange(wal, 0, 5);
            wal.RotateNow();
            await AppendRange(wal, 5, 5);
        }
        byte[] first = fs.ReadAllBytes(FilePath(1));
        fs.WriteAllBytes(FilePath(1), first.AsSpan(0, first.Length - 2));
        var e = Assert.Throws<CorruptionException>(() => Open(fs));
        Assert.Equal(FilePath(1), e.Path);
        Assert.Equal(positions[4].Offset, e.Offset);
    }

    [Fact]
    public async Task Repair_truncates_at_the_first_bad_record_and_drops_later_files()
    {
        var fs = NewFs();
        var positions = new List<WalPosition>();
        using (var wal = Open(fs))
        {
            positions.AddRange(await AppendRange(wal, 0, 6));
            wal.RotateNow();
            positions.AddRange(await AppendRange(wal, 6, 4));
            wal.RotateNow();
            positions.AddRange(await AppendRange(wal, 10, 3));
        }
        long len1 = fs.GetLength(FilePath(1)), len2 = fs.GetLength(FilePath(2)), len3 = fs.GetLength(FilePath(3));
        byte[] data = fs.ReadAllBytes(FilePath(1));
        data[positions[2].Offset + 4] ^= 0xFF;   // the CRC field of record 2
        fs.WriteAllBytes(FilePath(1), data);
        Assert.Throws<CorruptionException>(() => Open(fs));

        var report = WriteAheadLog.Repair(fs, Root);
        Assert.True(report.Repaired);
        Assert.Equal(FilePath(1), report.TruncatedFile);
        Assert.Equal(positions[2].Offset, report.TruncatedAtOffset);
        Assert.Equal([FilePath(2), FilePath(3)], report.DeletedFiles);
        Assert.Equal(7, report.RecordsDropped);
        Assert.Equal(len1 - positions[2].Offset + len2 + len3, report.BytesDropped);
        Assert.False(fs.FileExists(FilePath(2)));

        using var reopened = Open(fs);
        Assert.Equal([0, 1], ReplayIndices(reopened));
        reopened.Dispose();
        var clean = WriteAheadLog.Repair(fs, Root);
        Assert.False(clean.Repaired);
        Assert.Empty(clean.DeletedFiles);
    }

    [Fact]
    public async Task A_missing_file_after_the_replay_start_is_corruption()
    {
        var fs = NewFs();
        using (var wal = Open(fs))
        {
            for (int f = 0; f < 3; f++) { await AppendRange(wal, f, 1); wal.RotateNow(); }
        }
        fs.DeleteFile(FilePath(2));
        var e = Assert.Throws<CorruptionException>(() => Open(fs));
        Assert.Equal(FilePath(2), e.Path);
    }

    [Fact]
    public async Task A_finalized_checkpoint_moves_the_replay_start_and_deletes_only_older_files()
    {
        var fs = NewFs();
        WalPosition upTo;
        using (var wal = Open(fs))
        {
            await AppendRange(wal, 0, 5);
            wal.RotateNow();
            await AppendRange(wal, 5, 5);
            wal.RotateNow();
            upTo = wal.NextPosition;
            Assert.Equal(new WalPosition(3, 0), upTo);
            await AppendRange(wal, 10, 3);   // after upTo, before the checkpoint: must replay
            wal.Checkpoint(upTo, [new byte[] { 1 }, new byte[] { 2, 2 }]);
            Assert.False(fs.FileExists(FilePath(1)));
            Assert.False(fs.FileExists(FilePath(2)));
            Assert.True(fs.FileExists(FilePath(3)));
            Assert.Equal(1, wal.FileCount);
            await AppendRange(wal, 13, 2);
            var live = wal.ReadForReplay().ToList();
            Assert.Equal(7, live.Count);
        }
        using var reopened = WriteAheadLog.Open(fs, Root, Options(), out var report);
        Assert.Equal(upTo, report.StartPosition);
        Assert.Equal(7, report.RecordsReplayable);
        var replay = reopened.ReadForReplay().ToList();
        Assert.Equal([WalRecordType.CheckpointEntry, WalRecordType.CheckpointEntry], replay.Take(2).Select(r => r.Type));
        Assert.Equal(new byte[] { 2, 2 }, replay[1].Payload.ToArray());
        Assert.Equal(Enumerable.Range(10, 5), ReplayIndices(reopened));
    }

    [Fact]
    public async Task A_checkpoint_in_the_middle_of_a_file_skips_earlier_records_of_that_file()
    {
        var fs = NewFs();
        using (var wal = Open(fs))
        {
            await AppendRange(wal, 0, 4);
            var upTo = wal.NextPosition;
            await AppendRange(wal, 4, 2);
            wal.Checkpoint(upTo, []);
            Assert.True(fs.FileExists(FilePath(1)));
            await AppendRange(wal, 6, 1);
        }
        using var reopened = Open(fs);
        Assert.Equal([4, 5, 6], ReplayIndices(reopened));
    }

    [Fact]
    public async Task The_latest_finalized_checkpoint_wins()
    {
        var fs = NewFs();
        using (var wal = Open(fs))
        {
            await AppendRange(wal, 0, 2);
            wal.Checkpoint(wal.NextPosition, [new byte[] { 1 }]);
            await AppendRange(wal, 2, 2);
            wal.Checkpoint(wal.NextPosition, [new byte[] { 9 }]);
            await AppendRange(wal, 4, 1);
        }
        using var reopened = Open(fs);
        var replay = reopened.ReadForReplay().ToList();
        Assert.Equal(new byte[] { 9 }, replay[0].Payload.ToArray());
        Assert.Equal([4], ReplayIndices(reopened));
    }

    [Fact]
    public async Task An_unfinalized_checkpoint_is_ignored()
    {
        var fs = NewFs();
        using (var wal = Open(fs)) await AppendRange(wal, 0, 3);
        // A checkpoint cut off before its finalize record, then more appends.
        var start = new byte[16];
        BitConverter.TryWriteBytes(start, 1L);
        BitConverter.TryWriteBytes(start.AsSpan(8), fs.GetLength(FilePath(1)));
        var s = new byte[WalFraming.FramedLength(16)];
        WalFraming.Write(s, WalRecordType.CheckpointStart, start);
        var e = new byte[WalFraming.FramedLength(1)];
        WalFraming.Write(e, WalRecordType.CheckpointEntry, [7]);
        fs.WriteAllBytes(FilePath(1), [.. fs.ReadAllBytes(FilePath(1)), .. s, .. e]);
        using (var wal = Open(fs)) await AppendRange(wal, 3, 1);
        using var reopened = WriteAheadLog.Open(fs, Root, Options(), out var report);
        Assert.Contains(report.Messages, m => m.Contains("unfinalized"));
        Assert.Equal(new WalPosition(1, 0), report.StartPosition);
        Assert.All(reopened.ReadForReplay(), r => Assert.Equal(WalRecordType.Samples, r.Type));
        Assert.Equal(Enumerable.Range(0, 4), ReplayIndices(reopened));
    }
}
