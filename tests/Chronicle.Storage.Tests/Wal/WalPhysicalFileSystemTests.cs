using Chronicle.Storage.IO;
using Chronicle.Storage.Wal;
using static Chronicle.Storage.Tests.Wal.WalTestKit;

namespace Chronicle.Storage.Tests.Wal;

/// <summary>The WAL on the real file system (a temporary directory): rotation, torn tail, checkpoint, reopen.</summary>
public sealed class WalPhysicalFileSystemTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "chronicle-wal-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Appends_rotate_survive_a_torn_tail_and_a_checkpoint_on_disk()
    {
        var fs = PhysicalFileSystem.Instance;
        var options = new WalOptions(SyncMode.Always, TimeSpan.FromSeconds(1), 300);
        WalPosition upTo;
        using (var wal = WriteAheadLog.Open(fs, _root, options, out _))
        {
            await AppendRange(wal, 0, 20);
            Assert.True(wal.FileCount > 1);
            wal.RotateNow();
            upTo = wal.NextPosition;
            await AppendRange(wal, 20, 5);
            wal.Checkpoint(upTo, [new byte[] { 7 }]);
            await AppendRange(wal, 25, 5);
        }
        string last = Directory.GetFiles(Path.Combine(_root, "wal"), "*.wal").Order(StringComparer.Ordinal).Last();
        long length = new FileInfo(last).Length;
        using (var f = File.OpenWrite(last)) f.SetLength(length - 3);   // tear the last record

        using var reopened = WriteAheadLog.Open(fs, _root, options, out var report);
        Assert.True(report.TornTailTruncated);
        Assert.Equal(last, report.TruncatedFile);
        Assert.Equal(upTo, report.StartPosition);
        Assert.Equal(Directory.GetFiles(Path.Combine(_root, "wal")).Length, reopened.FileCount);
        Assert.All(Directory.GetFiles(Path.Combine(_root, "wal")), f => Assert.True(WalFileName.TryParse(Path.GetFileName(f), out long s) && s >= upTo.FileSequence));
        Assert.Equal(new byte[] { 7 }, reopened.ReadForReplay().First().Payload.ToArray());
        Assert.Equal(Enumerable.Range(20, 9), ReplayIndices(reopened));
    }
}
