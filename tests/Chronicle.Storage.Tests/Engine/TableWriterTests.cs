using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;
using Xunit.Abstractions;
using static Chronicle.Storage.Tests.Engine.EngineTestData;

namespace Chronicle.Storage.Tests.Engine;

/// <summary>
/// The table writer's grouping of pending samples into one run per series (write order kept), its
/// tag-set cache (values changing between rows, null and empty alike) and its marks.
/// </summary>
public sealed class TableWriterTests(ITestOutputHelper output)
{
    private static StorageOptions Quiet => new() { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };

    /// <summary>A sample the model expects: series key, timestamp, value (double, long, bool or string).</summary>
    private readonly record struct Expected(SeriesKey Key, long Time, object Value);

    [Fact]
    public async Task Random_rows_columns_and_rollbacks_drain_as_one_run_per_series_in_write_order()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        var writer = new TableWriter(engine, "cpu");
        string?[] hosts = ["a", "b", "c", null, "", "d"];
        string?[] regions = ["eu", "us", null];
        string[] fields = ["usage", "count", "up", "note"];

        for (int round = 0; round < 6; round++)
        {
            var model = new List<Expected>();
            PendingMark? mark = null;
            int markModel = 0;
            int steps = random.Next(1, 400);
            for (int step = 0; step < steps; step++)
            {
                string? host = hosts[random.Next(hosts.Length)], region = regions[random.Next(regions.Length)];
                var tags = TagSet.Create([new("host", host), new("region", region)]);
                long time = random.Next(0, 50); // few timestamps: many rewrites of the same (series, time)
                switch (random.Next(10))
                {
                    case 0:
                    {
                        int n = random.Next(0, 20);
                        var times = Enumerable.Range(0, n).Select(_ => (long)random.Next(0, 50)).ToArray();
                        var values = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
                        writer.AppendColumn([host, region], 0, times, values.Select(BitConverter.DoubleToInt64Bits).ToArray());
                        for (int i = 0; i < n; i++) model.Add(new(new SeriesKey("cpu", tags, "usage"), times[i], values[i]));
                        break;
                    }
                    case 1:
                        mark = writer.Mark();
                        markModel = model.Count;
                        break;
                    case 2 when mark is { } m:
                        writer.RollbackTo(m);
                        model.RemoveRange(markModel, model.Count - markModel);
                        break;
                    default:
                    {
                        writer.BeginRow(time);
                        writer.SetTag(0, host);
                        writer.SetTag(1, region);
                        for (int f = 0; f < fields.Length; f++)
                        {
                            if (random.Next(3) == 0) continue; // NULL field
                            object value = f switch { 0 => random.NextDouble(), 1 => (object)(long)random.Next(), 2 => random.Next(2) == 0, _ => "s" + random.Next(100) };
                            writer.SetField(f, value);
                            model.Add(new(new SeriesKey("cpu", tags, fields[f]), time, value));
                        }
                        writer.EndRow();
                        break;
                    }
                }
            }

            var batch = new SampleBatch();
            writer.DrainInto(batch);
            Assert.Equal(0, writer.PendingSamples);
            Assert.Equal(model.Count, batch.Count);
            var expected = ExpectedBySeries(engine, model);
            var runIds = batch.Runs.Select(r => r.SeriesId).ToList();
            Assert.Equal(runIds.Count, runIds.Distinct().Count()); // one run per series
            Assert.Equal(expected.Keys.Order(), runIds.Order());
            foreach (var run in batch.Runs)
            {
                var actual = Enumerable.Range(run.Start, run.Count).Select(i => (batch.Timestamps[i], Decode(batch, run.Type, i))).ToList();
                Assert.Equal(expected[run.SeriesId], actual);
            }
            if (mark is { } stale) Assert.Throws<ArgumentException>(() => writer.RollbackTo(stale));
        }
    }

    [Fact]
    public async Task Last_write_of_a_timestamp_wins_across_row_wise_and_column_appends_and_null_equals_empty_tag()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        var writer = new TableWriter(engine, "cpu");
        writer.AppendColumn(["a", null], 0, [10, 20], [BitConverter.DoubleToInt64Bits(1.0), BitConverter.DoubleToInt64Bits(2.0)]);
        writer.BeginRow(20);
        writer.SetTag(0, "a");
        writer.SetTag(1, ""); // the same series as region NULL
        writer.SetField(0, 3.0);
        writer.EndRow();
        writer.AppendColumn(["a", ""], 0, [20], [BitConverter.DoubleToInt64Bits(4.0)]); // after the row: wins
        writer.BeginRow(10);
        writer.SetTag(0, "a");
        writer.SetField(0, 5.0); // after the first column append: wins
        writer.EndRow();
        await writer.WriteAsync();

        var key = new SeriesKey("cpu", TagSet.Create([new("host", "a")]), "usage");
        var ids = new long[1];
        engine.GetOrCreateSeries([key], ids);
        Assert.Equal([(10L, (object)5.0), (20L, 4.0)], ReadAll(engine, ids[0]));
    }

    [Fact]
    public async Task Rollback_to_a_mark_keeps_the_rows_before_it_and_a_reused_writer_resolves_known_series()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        var writer = new TableWriter(engine, "cpu");
        Row(writer, 1, "a", 1.0, "kept");
        var mark = writer.Mark();
        Row(writer, 2, "new-host", 2.0, "dropped");
        writer.BeginRow(3); // an open row is discarded too
        writer.SetTag(0, "a");
        writer.RollbackTo(mark);
        Assert.Equal(1, writer.PendingRows);
        Assert.Equal(2, writer.PendingSamples);
        writer.BeginRow(4); // the writer is usable again
        writer.SetTag(0, "a");
        writer.SetTag(1, "eu");
        writer.SetField(0, 4.0);
        writer.EndRow();
        Assert.Equal(2, await writer.WriteAsync());
        Assert.Throws<ArgumentException>(() => writer.RollbackTo(mark)); // from before the write

        Row(writer, 5, "a", 5.0, "again"); // cached tag set: same series as before
        await writer.WriteAsync();
        writer.ReleaseBuffers();
        Row(writer, 6, "a", 6.0, "after release");
        await writer.WriteAsync();

        long usage = Series(engine, "a", "usage"), note = Series(engine, "a", "note");
        Assert.Equal([(1L, (object)1.0), (4L, 4.0), (5L, 5.0), (6L, 6.0)], ReadAll(engine, usage));
        Assert.Equal([(1L, (object)"kept"), (5L, "again"), (6L, "after release")], ReadAll(engine, note));
        Assert.Empty(ReadAll(engine, Series(engine, "new-host", "usage")));
    }

    private static void Row(TableWriter writer, long time, string host, double usage, string note)
    {
        writer.BeginRow(time);
        writer.SetTag(0, host);
        writer.SetTag(1, "eu");
        writer.SetField(0, usage);
        writer.SetField(3, note);
        writer.EndRow();
    }

    private static Dictionary<long, List<(long, object)>> ExpectedBySeries(StorageEngine engine, List<Expected> model)
    {
        var keys = model.Select(e => e.Key).Distinct().ToArray();
        var ids = new long[keys.Length];
        engine.GetOrCreateSeries(keys, ids);
        var idOf = keys.Zip(ids).ToDictionary(p => p.First, p => p.Second);
        var result = new Dictionary<long, List<(long, object)>>();
        foreach (var e in model)
        {
            if (!result.TryGetValue(idOf[e.Key], out var list)) result[idOf[e.Key]] = list = [];
            list.Add((e.Time, e.Value));
        }
        return result;
    }

    private static object Decode(SampleBatch batch, FieldType type, int i) => type switch
    {
        FieldType.Double => BitConverter.Int64BitsToDouble(batch.Values[i]),
        FieldType.BigInt => batch.Values[i],
        FieldType.Boolean => batch.Values[i] != 0,
        _ => batch.Strings[(int)batch.Values[i]],
    };
}
