using Chronicle.Storage.Catalog;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Tests.Engine;
using Chronicle.Storage.Writing;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Faults;

/// <summary>
/// The whole engine over the fault-injecting file system: power loss at a random write (inside
/// group commits, flushes and manifest swaps), and the N-th write or fsync failing. The catalog is
/// SQLite on the real disk (it has its own crash safety); the WAL, segments and manifest are in the
/// simulated file system. Seeds are printed; replay with CHRONICLE_SEED.
/// </summary>
public sealed class EngineFaultTests(ITestOutputHelper output)
{
    private const int Writers = 2;

    private static StorageOptions Options(FaultInjectingFileSystem fs, SyncMode mode) => new()
    {
        FileSystem = fs,
        SyncMode = mode,
        WalSyncInterval = TimeSpan.FromMilliseconds(20),
        WalMaxSize = 16 * 1024,
        ChunkSize = 16,
        FlushInterval = TimeSpan.Zero,
        BackgroundCompaction = false,
        CompactionThreshold = 2,
    };

    private static double ValueOf(int writer, long t) => writer * 1_000_000.0 + t * 0.25;

    [Theory]
    [InlineData(SyncMode.Always, CrashMode.DropUnsynced)]
    [InlineData(SyncMode.Always, CrashMode.KeepRandomPrefix)]
    [InlineData(SyncMode.Interval, CrashMode.DropUnsynced)]
    [InlineData(SyncMode.Interval, CrashMode.KeepRandomPrefixZeroFilled)]
    [InlineData(SyncMode.Interval, CrashMode.ProcessKill)]
    [InlineData(SyncMode.None, CrashMode.ProcessKill)]
    public async Task Power_loss_loses_nothing_acknowledged_that_the_mode_promises_and_invents_nothing(SyncMode mode, CrashMode crash)
    {
        int baseSeed = int.TryParse(Environment.GetEnvironmentVariable("CHRONICLE_SEED"), out int s) ? s : Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"{mode}/{crash}: base seed {baseSeed}");
        for (int round = 0; round < 8; round++)
        {
            int seed = baseSeed + round;
            using var dir = new TempDirectory();
            var fs = new FaultInjectingFileSystem();
            var rng = new Random(seed);
            fs.CrashAfterWrite(1 + rng.Next(120), new Random(seed), crash);

            var acked = new List<int>[Writers];        // batches acknowledged, per writer
            var durable = new int[Writers];            // batches known to be in a flushed segment
            var ids = new long[Writers];
            var engine = StorageEngine.Open(dir.Path, Options(fs, mode));
            try
            {
                engine.CreateTable(Schema, ifNotExists: true);
                for (int w = 0; w < Writers; w++) ids[w] = SeriesOf(engine, w);
                var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
                {
                    acked[w] = [];
                    var batch = new SampleBatch();
                    for (int b = 0; b < 60; b++)
                    {
                        batch.Clear();
                        for (int i = 0; i < 5; i++) batch.Append(ids[w], b * 5 + i, ValueOf(w, b * 5 + i));
                        try { await engine.WriteAsync(batch); }
                        catch (StorageException) { return; } // the file system died under us
                        acked[w].Add(b);
                        if (w == 0 && b % 10 == 9)
                        {
                            var before = acked.Select(a => a?.Count ?? 0).ToArray();
                            try { await engine.FlushAsync(); } catch (Exception e) when (e is StorageException or IOException) { return; }
                            for (int x = 0; x < Writers; x++) InterlockedMax(ref durable[x], before[x]);
                        }
                    }
                })).ToArray();
                await Task.WhenAll(tasks);
            }
            catch (Exception e) when (e is StorageException or IOException)
            {
                // The crash can hit table or series creation too.
            }
            if (fs.CrashCount == 0) fs.Crash(new Random(seed), crash); // the workload ended first: lose power now
            // The crashed engine is abandoned, as a dead process would be (disposing would write to the new "boot").

            await using var reopened = StorageEngine.Open(dir.Path, Options(fs, mode));
            var context = $"seed {seed}, round {round}";
            using var view = reopened.OpenReadView();
            for (int w = 0; w < Writers; w++)
            {
                var matched = view.MatchSeries("power", [new TagMatcher("writer", TagMatchKind.In, ["w" + w])]);
                var found = new SortedDictionary<long, double>();
                if (matched.Count == 1)
                    foreach (var block in view.Read(matched[0], long.MinValue, long.MaxValue))
                        for (int i = 0; i < block.Count; i++) found[block.Timestamps[i]] = block.Doubles[i];
                foreach (var (t, v) in found) Assert.True(ValueOf(w, t) == v, $"{context}: invented value {v} at t={t}");
                // What survives is a prefix of whole batches: the WAL is a log and a batch is one record.
                int batches = found.Count / 5;
                Assert.True(found.Count % 5 == 0, $"{context}: writer {w} has a partial batch ({found.Count} samples)");
                Assert.True(found.Keys.SequenceEqual(Enumerable.Range(0, found.Count).Select(x => (long)x)), $"{context}: writer {w} lost a batch in the middle");
                int mustHave = mode == SyncMode.Always || crash == CrashMode.ProcessKill ? acked[w]?.Count ?? 0 : durable[w];
                Assert.True(batches >= mustHave, $"{context}: writer {w} has {batches} batches, {mustHave} were promised ({acked[w]?.Count ?? 0} acknowledged, {durable[w]} flushed)");
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_nth_write_or_fsync_failing_fails_that_write_keeps_the_rest_and_recovers(bool failSync)
    {
        for (int n = 1; n <= 40; n++)
        {
            using var dir = new TempDirectory();
            var fs = new FaultInjectingFileSystem();
            var acked = new List<long>();
            long id;
            int failures = 0;
            await using (var engine = StorageEngine.Open(dir.Path, Options(fs, SyncMode.Always)))
            {
                engine.CreateTable(Schema);
                id = SeriesOf(engine, 0);
                if (failSync) fs.FailSyncAt(n); else fs.FailWriteAt(n);
                var batch = new SampleBatch();
                for (long b = 0; b < 30; b++)
                {
                    batch.Clear();
                    batch.Append(id, b, ValueOf(0, b));
                    try
                    {
                        await engine.WriteAsync(batch);
                        acked.Add(b);
                    }
                    catch (StorageException e)
                    {
                        failures++;
                        Assert.Contains("wal", e.ToString(), StringComparison.OrdinalIgnoreCase);
                    }
                    if (b % 7 == 6)
                    {
                        try { await engine.FlushAsync(); }
                        catch (Exception e) when (e is StorageException or IOException) { failures++; }
                    }
                    // Reads keep working and show exactly what was acknowledged.
                    Assert.Equal(acked, EngineTestData.ReadAll(engine, id).Select(x => x.T));
                }
            }
            Assert.True(failures <= 1 || failSync, $"n={n}: {failures} failures from one injected fault");
            await using (var reopened = StorageEngine.Open(dir.Path, Options(fs, SyncMode.Always)))
            {
                var found = EngineTestData.ReadAll(reopened, id);
                Assert.Equal(acked, found.Select(x => x.T));
                Assert.All(found, x => Assert.Equal(ValueOf(0, x.T), (double)x.V));
            }
        }
    }

    [Fact]
    public async Task A_full_disk_fails_writes_clearly_and_keeps_acknowledged_data()
    {
        using var dir = new TempDirectory();
        var fs = new FaultInjectingFileSystem { CapacityBytes = 6_000 };
        var acked = new List<long>();
        long id;
        StorageException? error = null;
        await using (var engine = StorageEngine.Open(dir.Path, Options(fs, SyncMode.Always)))
        {
            engine.CreateTable(Schema);
            id = SeriesOf(engine, 0);
            var batch = new SampleBatch();
            for (long b = 0; b < 400 && error is null; b++)
            {
                batch.Clear();
                batch.Append(id, b, ValueOf(0, b));
                try { await engine.WriteAsync(batch); acked.Add(b); }
                catch (StorageException e) { error = e; }
            }
            Assert.NotNull(error);
            Assert.Contains("No space left on device", error!.ToString());
            Assert.Equal(acked, EngineTestData.ReadAll(engine, id).Select(x => x.T));
            fs.CapacityBytes = long.MaxValue; // space freed: the engine goes on
            batch.Clear();
            batch.Append(id, 10_000, ValueOf(0, 10_000));
            await engine.WriteAsync(batch);
            acked.Add(10_000);
        }
        await using var reopened = StorageEngine.Open(dir.Path, Options(fs, SyncMode.Always));
        Assert.Equal(acked, EngineTestData.ReadAll(reopened, id).Select(x => x.T));
    }

    private static readonly TableSchema Schema = new("power",
    [
        new ColumnSchema("time", ColumnRole.Time, FieldType.BigInt),
        new ColumnSchema("writer", ColumnRole.Tag, FieldType.VarChar),
        new ColumnSchema("value", ColumnRole.Field, FieldType.Double),
    ]);

    private static long SeriesOf(StorageEngine engine, int writer)
    {
        var ids = new long[1];
        engine.GetOrCreateSeries([new SeriesKey("power", TagSet.Create([new("writer", "w" + writer)]), "value")], ids);
        return ids[0];
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
