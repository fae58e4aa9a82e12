using Chronicle.Storage.Catalog;
using Chronicle.Storage.Tests.Engine;
using Chronicle.Storage.Writing;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Faults;

/// <summary>
/// ADR 7: concurrent writes of the same series and timestamp are applied to the head in WAL order,
/// so the value a reader sees before a crash is the value the replay restores after it. Seeds are
/// printed; replay with CHRONICLE_SEED.
/// </summary>
public sealed class WriteOrderTests(ITestOutputHelper output)
{
    private static readonly TableSchema Schema = new("race",
    [
        new ColumnSchema("time", ColumnRole.Time, FieldType.BigInt),
        new ColumnSchema("host", ColumnRole.Tag, FieldType.VarChar),
        new ColumnSchema("value", ColumnRole.Field, FieldType.Double),
    ]);

    [Theory]
    [InlineData(SyncMode.Always)]
    [InlineData(SyncMode.None)]
    public async Task Concurrent_overwrites_of_one_sample_resolve_the_same_way_before_and_after_replay(SyncMode mode)
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("CHRONICLE_SEED"), out int s) ? s : Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"{mode}: seed {seed}");
        const int writers = 16, rounds = 200;
        using var dir = new TempDirectory();
        // A slow fsync makes big groups, whose waiters all wake at once: the window this test is about.
        var fs = new FaultInjectingFileSystem { SyncLatency = TimeSpan.FromMilliseconds(0.3) };
        var options = new StorageOptions { FileSystem = fs, SyncMode = mode, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };
        var engine = StorageEngine.Open(dir.Path, options);
        engine.CreateTable(Schema);
        var ids = new long[1];
        engine.GetOrCreateSeries([new SeriesKey("race", TagSet.Create([new("host", "a")]), "value")], ids);

        // Round r: every writer, released together, writes timestamp r (and, for a random few,
        // r + 1) with a value unique to (writer, round), so which write won is visible in the value.
        using var start = new Barrier(writers);
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            try
            {
                var rng = new Random(seed + w);
                var batch = new SampleBatch();
                for (int r = 0; r < rounds; r++)
                {
                    batch.Clear();
                    batch.Append(ids[0], r, w * 10_000.0 + r);
                    if (rng.Next(3) == 0) batch.Append(ids[0], r + 1, w * 10_000 + r + 0.5);
                    start.SignalAndWait();
                    engine.Write(batch);
                }
            }
            catch (Exception e)
            {
                lock (errors) errors.Add(e);
                start.RemoveParticipant();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);

        var before = Read(engine, ids[0]);
        Assert.Equal(rounds + 1, before.Count);
        fs.Crash(new Random(seed), CrashMode.ProcessKill);   // abandon the engine: everything is in the WAL only

        await using var reopened = StorageEngine.Open(dir.Path, options);
        var after = Read(reopened, ids[0]);
        Assert.True(before.SequenceEqual(after),
            $"seed {seed}: head had [{string.Join(", ", before)}], replay gave [{string.Join(", ", after)}]");
    }

    private static List<KeyValuePair<long, double>> Read(StorageEngine engine, long id)
    {
        using var view = engine.OpenReadView();
        var found = new SortedDictionary<long, double>();
        foreach (var block in view.Read(id, long.MinValue, long.MaxValue))
            for (int i = 0; i < block.Count; i++) found[block.Timestamps[i]] = block.Doubles[i];
        return [.. found];
    }
}
