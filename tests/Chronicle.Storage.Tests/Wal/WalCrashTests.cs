using Chronicle.Storage.Tests.Faults;
using Chronicle.Storage.Wal;
using Xunit.Abstractions;
using static Chronicle.Storage.Tests.Wal.WalTestKit;

namespace Chronicle.Storage.Tests.Wal;

/// <summary>
/// Power loss, process kills, failed writes and fsyncs, and a full disk, simulated with
/// <see cref="FaultInjectingFileSystem"/>. Randomized tests print their seeds.
/// </summary>
public class WalCrashTests(ITestOutputHelper output)
{
    public static TheoryData<SyncMode, CrashMode> Matrix()
    {
        var data = new TheoryData<SyncMode, CrashMode>();
        foreach (var sync in Enum.GetValues<SyncMode>())
            foreach (var crash in Enum.GetValues<CrashMode>()) data.Add(sync, crash);
        return data;
    }

    /// <summary>
    /// Three lives per seed: append (some concurrently, some rotations), crash at a random moment,
    /// reopen. Recovery never fails; the replay is exactly records 0..k-1 (nothing invented, nothing
    /// reordered); k covers every acknowledged record in Always mode and after a process kill, and
    /// every record that was durable at the crash otherwise.
    /// </summary>
    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Crash_loses_only_what_the_sync_mode_allows(SyncMode sync, CrashMode crash)
    {
        // CHRONICLE_SEED reproduces a run; CHRONICLE_CRASH_SEEDS runs more seeds (default 12).
        int baseSeed = int.TryParse(Environment.GetEnvironmentVariable("CHRONICLE_SEED"), out int fixedSeed) ? fixedSeed : Environment.TickCount & 0xFFFFF;
        int seeds = int.TryParse(Environment.GetEnvironmentVariable("CHRONICLE_CRASH_SEEDS"), out int n) ? n : 12;
        output.WriteLine($"base seed {baseSeed} ({sync}, {crash}, {seeds} seeds)");
        int torn = 0;
        for (int s = 0; s < seeds; s++)
        {
            int seed = baseSeed + s;
            try { torn += await OneSeed(seed, sync, crash); }
            catch (Exception) { output.WriteLine($"FAILED with seed {seed}"); throw; }
        }
        output.WriteLine($"{torn} torn tails truncated on reopen");
    }

    /// <summary>Returns how many reopens truncated a torn tail.</summary>
    private static async Task<int> OneSeed(int seed, SyncMode sync, CrashMode crash)
    {
        int torn = 0;
        var rng = new Random(seed);
        var fs = NewFs();
        var options = Options(sync, maxFileSize: rng.Next(200, 3000), interval: TimeSpan.FromMilliseconds(rng.Next(1, 20)));
        int next = 0;
        for (int life = 0; life < 3; life++)
        {
            var wal = WriteAheadLog.Open(fs, Root, options, out var report);
            var recovered = ReplayIndices(wal);
            Assert.Equal(Enumerable.Range(0, recovered.Count), recovered);
            Assert.Equal(recovered.Count, report.RecordsReplayable);
            Assert.True(recovered.Count <= next, $"seed {seed}: {recovered.Count} records replayed, only {next} appended");
            next = recovered.Count;

            int crashesBefore = fs.CrashCount;
            var pending = new List<(int Index, int Length, Task<WalPosition> Task)>();
            int count = rng.Next(1, 60);
            // Half the time the crash strikes right after a random write call, before its fsync.
            if (crash != CrashMode.ProcessKill && rng.Next(2) == 0) fs.CrashAfterWrite(rng.Next(1, count + 1), rng, crash);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    var payload = Payload(next);
                    pending.Add((next, payload.Length, wal.AppendAsync(WalRecordType.Samples, payload).AsTask()));
                    next++;
                    int dice = rng.Next(20);
                    if (dice < 6) await pending[^1].Task;
                    else if (dice == 6) wal.RotateNow();
                }
                int settle = rng.Next(0, pending.Count + 1);
                foreach (var p in pending.Take(settle)) await p.Task;
            }
            catch (StorageException)
            {
                // The armed crash struck: this "process" is dead, stop writing.
            }

            // Lower bound of what is durable now: records entirely inside a file's fsynced bytes
            // (unknown once an armed crash has struck: then only the acknowledgement rule is checked).
            fs.CrashAfterWrite(0, rng, crash);   // disarm: no crash between here and the explicit one
            bool struck = fs.CrashCount != crashesBefore;
            int mustSurvive = 0;
            foreach (var p in pending.Where(p => p.Task.IsCompletedSuccessfully && !struck))
            {
                var pos = p.Task.Result;
                long durable = fs.DurableLength(FilePath(pos.FileSequence));
                if (durable >= pos.Offset + WalFraming.FramedLength(p.Length)) mustSurvive = Math.Max(mustSurvive, p.Index + 1);
            }
            fs.Crash(rng, crash);
            foreach (var p in pending)
            {
                try { await p.Task; }
                catch (StorageException) { }   // in flight at the crash
            }
            var acknowledged = pending.Where(p => p.Task.IsCompletedSuccessfully).Select(p => p.Index + 1).DefaultIfEmpty(0).Max();
            wal.Dispose();   // the old process is gone; must not throw

            using var reopened = WriteAheadLog.Open(fs, Root, options, out var recovery);
            if (recovery.TornTailTruncated) torn++;
            var after = ReplayIndices(reopened);
            Assert.Equal(Enumerable.Range(0, after.Count), after);
            Assert.True(after.Count >= mustSurvive, $"seed {seed}: {after.Count} records survived, {mustSurvive} were durable");
            if (sync == SyncMode.Always || crash == CrashMode.ProcessKill)
                Assert.True(after.Count >= acknowledged, $"seed {seed}: {after.Count} records survived, {acknowledged} were acknowledged");
            Assert.True(after.Count <= next);
            next = after.Count;
        }
        return torn;
    }

    [Fact]
    public async Task A_checkpoint_is_durable_even_in_None_mode()
    {
        var fs = NewFs();
        var options = Options(SyncMode.None);
        var wal = Open(fs, options);
        await AppendRange(wal, 0, 3);
        wal.RotateNow();
        var upTo = wal.NextPosition;
        await AppendRange(wal, 3, 2);
        wal.Checkpoint(upTo, [new byte[] { 42 }]);
        await AppendRange(wal, 5, 2);   // unsynced: lost
        fs.Crash(new Random(1), CrashMode.DropUnsynced);
        wal.Dispose();
        using var reopened = WriteAheadLog.Open(fs, Root, options, out var report);
        Assert.Equal(upTo, report.StartPosition);
        Assert.False(fs.FileExists(FilePath(1)));
        Assert.Equal(new byte[] { 42 }, reopened.ReadForReplay().First().Payload.ToArray());
        Assert.Equal([3, 4], ReplayIndices(reopened));
    }

    public static TheoryData<SyncMode> WriteFailureModes() => [SyncMode.Always, SyncMode.Interval, SyncMode.None];

    /// <summary>For every N: the N-th write fails; that append throws a StorageException naming the file; the WAL stays usable; reopen (or power loss in Always mode) replays exactly the acknowledged records.</summary>
    [Theory]
    [MemberData(nameof(WriteFailureModes))]
    public async Task Every_nth_write_failure_fails_only_that_append(SyncMode sync)
    {
        for (int n = 1; n <= 22; n++)
        {
            var fs = NewFs();
            var wal = Open(fs, Options(sync, maxFileSize: 400));
            fs.FailWriteAt(n);
            var acked = await AppendCollecting(wal, 20);
            Assert.Equal(n <= 20 ? 19 : 20, acked.Count);
            await CheckSurvivors(fs, wal, sync, acked, $"write failure {n}");
        }
    }

    [Fact]
    public async Task Every_nth_fsync_failure_fails_only_that_append()
    {
        for (int n = 1; n <= 30; n++)
        {
            var fs = NewFs();
            var wal = Open(fs, Options(SyncMode.Always, maxFileSize: 400));
            fs.FailSyncAt(n);
            var acked = await AppendCollecting(wal, 20);
            Assert.True(acked.Count >= 19, $"fsync failure {n}: {acked.Count} acknowledged");
            await CheckSurvivors(fs, wal, SyncMode.Always, acked, $"fsync failure {n}");
        }
    }

    [Fact]
    public async Task A_full_disk_fails_appends_until_space_returns()
    {
        int seed = Environment.TickCount & 0xFFFF;
        output.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        for (int round = 0; round < 10; round++)
        {
            var fs = NewFs();
            fs.CapacityBytes = rng.Next(100, 2000);
            var wal = Open(fs, Options(SyncMode.Always, maxFileSize: 500));
            var acked = new List<int>();
            StorageException? full = null;
            int i = 0;
            for (; full is null; i++)
            {
                try
                {
                    await wal.AppendAsync(WalRecordType.Samples, Payload(i));
                    acked.Add(i);
                }
                catch (StorageException e) { full = e; }
            }
            Assert.IsAssignableFrom<IOException>(full.InnerException);
            Assert.Contains("No space left on device", full.Message);
            Assert.Contains(Root + "/wal/", full.Message);
            Assert.True(fs.UsedBytes <= fs.CapacityBytes);
            await Assert.ThrowsAsync<StorageException>(async () => await wal.AppendAsync(WalRecordType.Samples, new byte[5000]));
            fs.CapacityBytes = long.MaxValue;
            for (int k = 0; k < 3; k++, i++)
            {
                await wal.AppendAsync(WalRecordType.Samples, Payload(i));
                acked.Add(i);
            }
            await CheckSurvivors(fs, wal, SyncMode.Always, acked, $"disk full round {round}");
        }
    }

    private static async Task<List<int>> AppendCollecting(WriteAheadLog wal, int count)
    {
        var acked = new List<int>();
        for (int i = 0; i < count; i++)
        {
            try
            {
                await wal.AppendAsync(WalRecordType.Samples, Payload(i));
                acked.Add(i);
            }
            catch (StorageException e)
            {
                Assert.IsAssignableFrom<IOException>(e.InnerException);
                Assert.Contains(Root + "/wal/", e.Message);
            }
        }
        return acked;
    }

    private static async Task CheckSurvivors(FaultInjectingFileSystem fs, WriteAheadLog wal, SyncMode sync, List<int> acked, string what)
    {
        await Task.CompletedTask;
        if (sync == SyncMode.Always)
        {
            // Power loss right away: every acknowledged record is durable, the failed one is not there.
            fs.Crash(new Random(acked.Count), CrashMode.KeepRandomPrefix);
            wal.Dispose();
        }
        else wal.Dispose();
        using var reopened = Open(fs, Options(sync, maxFileSize: 400));
        Assert.True(acked.SequenceEqual(ReplayIndices(reopened)), $"{what}: replay differs from the acknowledged records");
    }
}
