using Chronicle.Storage.Catalog;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Segments;
using Chronicle.Storage.Tests.Segments;
using Xunit.Abstractions;
using static Chronicle.Storage.Tests.Engine.EngineTestData;

namespace Chronicle.Storage.Tests.Engine;

/// <summary>Segment chunks cut at time-aligned windows (ChunkAlignment), at flush and at compaction.</summary>
public sealed class AlignedChunkTests(ITestOutputHelper output)
{
    private const long S = 1_000_000_000, Min = 60 * S, Hour = 60 * Min, Day = 24 * Hour;
    private static readonly long T0 = 1_704_067_200L * S; // 2024-01-01T00:00:00Z, a Monday; a multiple of 1 day, not of 7 days
    /// <summary>A week boundary 14 to 21 days ago: tables with a retention keep data from there.</summary>
    private static readonly long Recent = ChunkAlignment.WindowOf(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 - 14 * Day, 7 * Day) * 7 * Day;
    private static StorageOptions Quiet => new() { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };

    /// <summary>The summaries of the series' segment chunks (the series must not be in the head).</summary>
    private static List<ChunkSummary> Chunks(StorageEngine engine, long id)
    {
        using var view = engine.OpenReadView();
        var blocks = view.Read(id, long.MinValue, long.MaxValue, summarize: (_, _) => true).ToList();
        Assert.All(blocks, b => Assert.NotNull(b.Summary));
        return blocks.Select(b => b.Summary!.Value).ToList();
    }

    [Theory]
    [InlineData(1, 1, 512, Day)]                 // one sample: the widest window the shard allows
    [InlineData(4320, 43_190 * S, 512, Hour)]    // 10 s for 12 h: 360 per hour
    [InlineData(4320, 43_190 * S, 120, 15 * Min)] // 90 per 15 minutes
    [InlineData(4320, 43_190 * S, 4096, 6 * Hour)] // 2,160 per 6 hours
    [InlineData(8760, 8759 * Hour, 512, 7 * Day)] // hourly: 168 per week
    [InlineData(100, 99, 40, Min)]               // 1 per ns: even the narrowest window is too wide; the count cuts
    public void The_window_is_the_widest_ladder_step_within_the_maximum(long count, long span, int max, long expected)
    {
        long shard = expected == 7 * Day ? 7 * Day : Day;
        Assert.Equal(expected, ChunkAlignment.ChooseWindow(count, T0, T0 + span, shard, max));
    }

    [Fact]
    public void The_window_never_exceeds_the_shard()
    {
        Assert.Equal(Hour, ChunkAlignment.ChooseWindow(1, 0, 0, Hour, 512));
        Assert.Equal(6 * Hour, ChunkAlignment.ChooseWindow(2, 0, Day, 6 * Hour, 512));
        Assert.Equal(30 * S, ChunkAlignment.ChooseWindow(5, 0, 4 * S, 30 * S, 512)); // a shard narrower than every step is the window
        Assert.Equal(-1, ChunkAlignment.WindowOf(-1, Hour));
        Assert.Equal(0, ChunkAlignment.WindowOf(Hour - 1, Hour));
        Assert.Equal(-2, ChunkAlignment.WindowOf(-Hour - 1, Hour));
        Assert.Equal(-1, ChunkAlignment.LastInWindow(-Hour, Hour));
        Assert.Equal(Hour - 1, ChunkAlignment.LastInWindow(0, Hour));
        Assert.Equal(long.MaxValue, ChunkAlignment.LastInWindow(long.MaxValue - 5, Hour));
        Assert.Equal(long.MinValue + (Hour - 1 - (long.MinValue % Hour + Hour) % Hour), ChunkAlignment.LastInWindow(long.MinValue, Hour));
    }

    [Fact]
    public async Task Ten_second_data_is_cut_at_whole_hours()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        // 12 h at 10 s, starting 5 s after the hour.
        var samples = Enumerable.Range(0, 4320).Select(i => (T0 + 5 * S + i * 10 * S, Math.Sin(i * 0.01) * 100)).ToList();
        await WriteDoubles(engine, id, samples);
        await engine.FlushAsync();
        var chunks = Chunks(engine, id);
        Assert.Equal(12, chunks.Count);
        for (int h = 0; h < 12; h++)
        {
            Assert.Equal(T0 + h * Hour + 5 * S, chunks[h].MinTime);
            Assert.Equal(T0 + (h + 1) * Hour - 5 * S, chunks[h].MaxTime);
            Assert.Equal(360, chunks[h].Count);
        }
        Assert.Equal(samples.Select(s => s.Item1), ReadAll(engine, id).Select(s => s.T));
    }

    [Fact]
    public async Task Hourly_data_for_a_year_gets_seven_day_shards_and_seven_day_chunks()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu()); // no retention: 7-day shards
        Assert.Equal(TimeSpan.FromDays(7), engine.GetTable("cpu")!.ShardDuration);
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, Enumerable.Range(0, 8760).Select(i => (T0 + i * Hour, 40 + (i % 24) * 0.5)));
        await engine.FlushAsync();
        var chunks = Chunks(engine, id);
        Assert.All(chunks, c => Assert.Equal(ChunkAlignment.WindowOf(c.MinTime, 7 * Day), ChunkAlignment.WindowOf(c.MaxTime, 7 * Day)));
        Assert.Equal(53, chunks.Count); // 8,760 hours touch 53 weeks counted from the epoch
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Equal(168, c.Count));
        Assert.All(engine.State.Segments, s => Assert.Equal(0, s.Entry.Info.ShardStart % (7 * Day)));
        Assert.Equal(53, engine.State.Segments.Count);
    }

    [Fact]
    public async Task A_series_spanning_whole_shards_is_cut_into_equal_windows()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(new TableSchema("cpu", Cpu().Columns, retention: TimeSpan.FromDays(30))); // 1-day shards
        Assert.Equal(TimeSpan.FromDays(1), engine.GetTable("cpu")!.ShardDuration);
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, Enumerable.Range(0, 3 * 1440).Select(i => (Recent + i * Min, (double)i)));
        await engine.FlushAsync();
        Assert.Equal(3, engine.State.Segments.Count);
        var chunks = Chunks(engine, id);
        Assert.Equal(12, chunks.Count); // 1 per minute: 6 h holds 360 <= 512, 1 day 1,440 > 512
        for (int k = 0; k < 12; k++)
            Assert.Equal((Recent + k * 6 * Hour, Recent + (k + 1) * 6 * Hour - Min, 360), (chunks[k].MinTime, chunks[k].MaxTime, chunks[k].Count));
    }

    [Fact]
    public async Task A_one_sample_series_is_one_chunk()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, [(T0 + 17, 2.5)]);
        await engine.FlushAsync();
        var chunk = Assert.Single(Chunks(engine, id));
        Assert.Equal((T0 + 17, T0 + 17, 1, 2.5), (chunk.MinTime, chunk.MaxTime, chunk.Count, chunk.Sum));
    }

    [Fact]
    public async Task Irregular_sparse_and_bursty_series_keep_every_chunk_in_one_window_through_flush_and_compaction()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(new TableSchema("cpu", Cpu().Columns, retention: TimeSpan.FromDays(90))); // 1-day shards
        var ids = Enumerable.Range(0, 4).Select(h => Series(engine, $"h{h}", "usage")).ToArray();
        var expected = ids.ToDictionary(id => id, _ => new SortedDictionary<long, double>());
        for (int flush = 0; flush < 4; flush++)
        {
            foreach (long id in ids)
            {
                var batch = new List<(long, double)>();
                long t = Recent + flush * 12 * Hour + rng.NextInt64(Hour);
                int n = rng.Next(1, 3000);
                for (int i = 0; i < n; i++)
                {
                    // Mostly seconds to minutes apart, sometimes a gap of hours, sometimes a burst at 1 ms.
                    t += rng.Next(10) switch { 0 => rng.NextInt64(6 * Hour), < 3 => 1_000_000, _ => rng.NextInt64(S, 5 * Min) };
                    double v = Math.Round(rng.NextDouble() * 100, 3);
                    batch.Add((t, v));
                    expected[id][t] = v;
                }
                await WriteDoubles(engine, id, batch);
            }
            await engine.FlushAsync();
            CheckAlignment(engine, ids);
        }
        await engine.CompactAsync();
        Assert.True(engine.State.Segments.Max(s => s.Entry.Info.Level) >= 1, "compaction ran");
        CheckAlignment(engine, ids);
        foreach (long id in ids)
            Assert.Equal(expected[id].Select(kv => (kv.Key, (object)kv.Value)), ReadAll(engine, id));
    }

    /// <summary>Each segment's chunks of a series lie in one window of the width the engine must have chosen, and hold at most 512 samples.</summary>
    private static void CheckAlignment(StorageEngine engine, long[] ids)
    {
        foreach (var segment in engine.State.Segments)
        {
            foreach (long id in ids)
            {
                if (!segment.Reader.TryGetSeries(id, out _, out var refs)) continue;
                var summaries = refs.ToArray().Select(r => r.Summary).ToList();
                long window = ChunkAlignment.ChooseWindow(summaries.Sum(c => (long)c.Count), summaries[0].MinTime, summaries[^1].MaxTime, Day, 512);
                foreach (var c in summaries)
                {
                    Assert.True(ChunkAlignment.WindowOf(c.MinTime, window) == ChunkAlignment.WindowOf(c.MaxTime, window),
                        $"segment {segment.Entry.Info.Id}, series {id}: chunk [{c.MinTime}, {c.MaxTime}] crosses a {window} ns window");
                    Assert.InRange(c.Count, 1, 512);
                }
                // No two chunks share a window unless the first is full.
                for (int k = 1; k < summaries.Count; k++)
                    if (ChunkAlignment.WindowOf(summaries[k].MinTime, window) == ChunkAlignment.WindowOf(summaries[k - 1].MinTime, window))
                        Assert.Equal(512, summaries[k - 1].Count);
            }
        }
    }

    [Fact]
    public async Task Compaction_joins_flushed_pieces_of_an_hour_into_one_chunk()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        // Four flushes of 25 minutes at 10 s: pieces of hours in four L0 segments.
        for (int f = 0; f < 4; f++)
        {
            await WriteDoubles(engine, id, Enumerable.Range(f * 150, 150).Select(i => (T0 + i * 10 * S, (double)i)));
            await engine.FlushAsync();
        }
        Assert.Equal(4, engine.State.Segments.Count);
        await engine.CompactAsync();
        Assert.Single(engine.State.Segments);
        var chunks = Chunks(engine, id);
        Assert.Equal([360, 240], chunks.Select(c => c.Count)); // 600 samples: the hour [0, 1 h) whole, then 40 minutes
        Assert.Equal(Enumerable.Range(0, 600).Select(i => (double)i), ReadAll(engine, id).Select(s => (double)s.V));
    }
}

/// <summary>The default shard width, from the table's retention (InfluxDB's shard group duration rule).</summary>
public sealed class DefaultShardDurationTests
{
    [Theory]
    [InlineData(null, 7 * 24)]
    [InlineData(1, 1)]          // 1 hour
    [InlineData(47, 1)]         // just under 2 days
    [InlineData(48, 24)]        // 2 days
    [InlineData(180 * 24, 24)]  // 6 months
    [InlineData(181 * 24, 7 * 24)]
    [InlineData(3650 * 24, 7 * 24)]
    public void Follows_the_retention(int? retentionHours, int expectedHours) =>
        Assert.Equal(TimeSpan.FromHours(expectedHours), StorageOptions.DefaultShardDuration(retentionHours is { } h ? TimeSpan.FromHours(h) : null));

    [Fact]
    public async Task Is_stored_with_the_table_and_an_explicit_width_wins()
    {
        using var dir = new TempDirectory();
        var columns = EngineTestData.Cpu().Columns;
        await using (var engine = StorageEngine.Open(dir.Path, new StorageOptions { FlushInterval = TimeSpan.Zero }))
        {
            engine.CreateTable(new TableSchema("short", columns, retention: TimeSpan.FromHours(12)));
            engine.CreateTable(new TableSchema("month", columns, retention: TimeSpan.FromDays(30)));
            engine.CreateTable(new TableSchema("forever", columns));
            engine.CreateTable(new TableSchema("explicit", columns, retention: TimeSpan.FromHours(12), shardDuration: TimeSpan.FromDays(2)));
        }
        // Reopened with another engine default: the tables keep what the catalog stored.
        await using (var engine = StorageEngine.Open(dir.Path, new StorageOptions { FlushInterval = TimeSpan.Zero, ShardDuration = TimeSpan.FromMinutes(10) }))
        {
            Assert.Equal(TimeSpan.FromHours(1), engine.GetTable("short")!.ShardDuration);
            Assert.Equal(TimeSpan.FromDays(1), engine.GetTable("month")!.ShardDuration);
            Assert.Equal(TimeSpan.FromDays(7), engine.GetTable("forever")!.ShardDuration);
            Assert.Equal(TimeSpan.FromDays(2), engine.GetTable("explicit")!.ShardDuration);
            engine.CreateTable(new TableSchema("new", columns));
            Assert.Equal(TimeSpan.FromMinutes(10), engine.GetTable("new")!.ShardDuration); // the engine option beats the rule
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => StorageEngine.Open(dir.Path + "-x", new StorageOptions { ShardDuration = TimeSpan.Zero }));
    }
}
