using Chronicle.Storage.Tests.Engine;
using Chronicle.Storage.Writing;

namespace Chronicle.Storage.Tests.Faults;

public sealed class EngineRepairTests
{
    [Fact]
    public async Task A_bad_crc_in_the_middle_of_the_wal_stops_the_open_and_repair_keeps_what_came_before()
    {
        using var dir = new TempDirectory();
        var fs = new FaultInjectingFileSystem();
        var options = new StorageOptions { FileSystem = fs, SyncMode = SyncMode.Always, WalMaxSize = 4096, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };
        var engine = StorageEngine.Open(dir.Path, options);
        engine.CreateTable(EngineTestData.Cpu());
        long id = EngineTestData.Series(engine, "a", "usage");
        var batch = new SampleBatch();
        for (long b = 0; b < 200; b++)
        {
            batch.Clear();
            for (int i = 0; i < 10; i++) batch.Append(id, b * 10 + i, (double)(b * 10 + i));
            await engine.WriteAsync(batch);
        }
        fs.Crash(new Random(1), CrashMode.ProcessKill); // abandon the engine as a killed process would
        string walDir = Path.Combine(dir.Path, "wal");
        var files = fs.ListFiles(walDir, "*.wal");
        Assert.True(files.Count >= 3, $"expected several WAL files, got {files.Count}");
        string victim = Path.Combine(walDir, files[1]);
        var bytes = fs.ReadAllBytes(victim);
        bytes[bytes.Length / 2] ^= 0x5A;
        fs.WriteAllBytes(victim, bytes);

        var e = Assert.Throws<CorruptionException>(() => StorageEngine.Open(dir.Path, options));
        Assert.Equal(victim, e.Path);
        Assert.Contains(files[1], e.Message);

        var messages = StorageEngine.RepairWal(dir.Path, options);
        Assert.NotEmpty(messages);
        await using var repaired = StorageEngine.Open(dir.Path, options);
        var samples = EngineTestData.ReadAll(repaired, id);
        Assert.NotEmpty(samples);
        Assert.True(samples.Count < 2000);
        // A prefix: everything before the damage, in order, nothing invented.
        Assert.Equal(Enumerable.Range(0, samples.Count).Select(i => (long)i), samples.Select(s => s.T));
        Assert.All(samples, s => Assert.Equal((double)s.T, (double)s.V));
    }
}
