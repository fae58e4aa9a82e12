using Chronicle.Storage.Reading;
using Chronicle.Storage.Writing;
using static Chronicle.Storage.Tests.Engine.EngineTestData;

namespace Chronicle.Storage.Tests.Engine;

public sealed class StorageEngineTests
{
    private static StorageOptions Quiet => new() { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };

    [Fact]
    public async Task Written_samples_are_readable_at_once_after_flush_and_after_reopen()
    {
        using var dir = new TempDirectory();
        var expected = Enumerable.Range(0, 1000).Select(i => (T: 1_000_000_000L * i, V: i * 0.5)).ToList();
        long id;
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            engine.CreateTable(Cpu());
            id = Series(engine, "a", "usage");
            await WriteDoubles(engine, id, expected);
            Assert.Equal(expected.Select(e => (e.T, (object)e.V)), ReadAll(engine, id));
            await engine.FlushAsync();
            Assert.Equal(1, engine.GetStatistics().SegmentCount);
            Assert.Equal(0, engine.GetStatistics().MemstoreSamples);
            Assert.Equal(expected.Select(e => (e.T, (object)e.V)), ReadAll(engine, id));
        }
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            Assert.Equal(expected.Select(e => (e.T, (object)e.V)), ReadAll(engine, id));
        }
    }

    [Fact]
    public async Task Unflushed_samples_are_replayed_from_the_wal()
    {
        using var dir = new TempDirectory();
        long id;
        var engine = StorageEngine.Open(dir.Path, Quiet with { SyncMode = SyncMode.Always });
        engine.CreateTable(Cpu());
        id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, [(10, 1.0), (20, 2.0)]);
        // Simulate a crash: never dispose (no flush); release the lock and files by collecting nothing — instead reopen via a copy.
        string copy = dir.Path + "-copy";
        CopyDirectory(dir.Path, copy);
        try
        {
            await using var reopened = StorageEngine.Open(copy, Quiet);
            Assert.Equal([(10L, (object)1.0), (20L, 2.0)], ReadAll(reopened, id));
            Assert.Contains(reopened.RecoveryMessages, m => m.Contains("replayed"));
        }
        finally
        {
            await engine.DisposeAsync();
            Directory.Delete(copy, true);
        }
    }

    [Fact]
    public async Task Out_of_order_and_duplicate_samples_keep_the_last_write()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet with { ChunkSize = 4 });
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, [(10, 1), (20, 2), (30, 3), (40, 4), (50, 5), (60, 6)]);
        await WriteDoubles(engine, id, [(25, 2.5), (20, 20), (5, 0.5), (60, 60)]);
        var expected = new List<(long, object)> { (5, 0.5), (10, 1.0), (20, 20.0), (25, 2.5), (30, 3.0), (40, 4.0), (50, 5.0), (60, 60.0) };
        Assert.Equal(expected, ReadAll(engine, id));
        await engine.FlushAsync();
        Assert.Equal(expected, ReadAll(engine, id));
        // An overwrite after the flush lands in the memstore and wins over the segment.
        await WriteDoubles(engine, id, [(30, 33)]);
        expected[4] = (30, 33.0);
        Assert.Equal(expected, ReadAll(engine, id));
        Assert.Equal(expected.Where(e => e.Item1 >= 20 && e.Item1 <= 40), ReadAll(engine, id, 20, 40));
    }

    [Fact]
    public async Task Every_field_type_round_trips_through_wal_and_segments()
    {
        using var dir = new TempDirectory();
        long u, c, up, note;
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            engine.CreateTable(Cpu());
            u = Series(engine, "a", "usage"); c = Series(engine, "a", "count"); up = Series(engine, "a", "up"); note = Series(engine, "a", "note");
            var batch = new SampleBatch();
            batch.Append(u, 1, double.NaN);
            batch.Append(u, 2, -0.0);
            batch.Append(c, 1, long.MinValue);
            batch.Append(c, 2, long.MaxValue);
            batch.Append(up, 1, true);
            batch.Append(up, 2, false);
            batch.Append(note, 1, "héllo");
            batch.Append(note, 2, "");
            await engine.WriteAsync(batch);
        }
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits((double)ReadAll(engine, u)[1].V));
            Assert.True(double.IsNaN((double)ReadAll(engine, u)[0].V));
            Assert.Equal([(1L, (object)long.MinValue), (2L, long.MaxValue)], ReadAll(engine, c));
            Assert.Equal([(1L, (object)true), (2L, false)], ReadAll(engine, up));
            Assert.Equal([(1L, (object)"héllo"), (2L, "")], ReadAll(engine, note));
        }
    }

    [Fact]
    public async Task Delete_hides_samples_in_memstore_and_segments_and_survives_reopen()
    {
        using var dir = new TempDirectory();
        long id;
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            engine.CreateTable(Cpu());
            id = Series(engine, "a", "usage");
            await WriteDoubles(engine, id, Enumerable.Range(0, 100).Select(i => ((long)i, (double)i)));
            await engine.FlushAsync();
            await WriteDoubles(engine, id, Enumerable.Range(100, 100).Select(i => ((long)i, (double)i)));
            await engine.DeleteAsync([id], 50, 149);
            Assert.Equal(100, ReadAll(engine, id).Count);
            // Written after the delete: visible.
            await WriteDoubles(engine, id, [(60, 6.0)]);
            Assert.Equal(101, ReadAll(engine, id).Count);
        }
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            var all = ReadAll(engine, id);
            Assert.Equal(101, all.Count);
            Assert.DoesNotContain(all, s => s.T is >= 50 and <= 149 and not 60);
            await engine.FlushAsync();
            Assert.Equal(101, ReadAll(engine, id).Count);
        }
    }

    [Fact]
    public async Task Compaction_merges_levels_and_keeps_the_newest_write()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet with { CompactionThreshold = 2 });
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        for (int round = 0; round < 4; round++)
        {
            await WriteDoubles(engine, id, Enumerable.Range(0, 50).Select(i => ((long)(round * 25 + i), round * 1000.0 + i)));
            await engine.FlushAsync();
        }
        var before = ReadAll(engine, id);
        using (var pinned = engine.OpenReadView())
        {
            await engine.CompactAsync();
            // The pinned view still reads the pre-compaction segments.
            Assert.Equal(before.Count, pinned.Read(id, long.MinValue, long.MaxValue).Sum(b => b.Count));
        }
        var stats = engine.GetStatistics();
        Assert.True(stats.SegmentCount < 4, $"segments after compaction: {stats.SegmentCount}");
        Assert.Equal(before, ReadAll(engine, id));
        Assert.Equal(125, before.Count);
        Assert.Equal(3000.0 + 49, before[^1].V);
    }

    [Fact]
    public async Task Summaries_are_yielded_for_whole_chunks_when_asked()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet with { ChunkSize = 10, SegmentChunkSize = 10 });
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, Enumerable.Range(0, 100).Select(i => ((long)i, (double)i)));
        await engine.FlushAsync();
        using var view = engine.OpenReadView();
        var blocks = view.Read(id, 5, 94, summarize: (_, _) => true).ToList();
        Assert.Equal(8, blocks.Count(b => b.Summary is not null));
        double sum = blocks.Sum(b => b.Summary is { } s ? s.Sum : b.Doubles.ToArray().Sum());
        Assert.Equal(Enumerable.Range(5, 90).Sum(), sum);
        Assert.Equal(8, view.Statistics.ChunksSummarized);
    }

    [Fact]
    public async Task ReadLast_returns_the_last_block_of_a_full_read_across_overlaps_deletes_and_ranges()
    {
        int seed = Environment.TickCount;
        var rng = new Random(seed);
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet with { ChunkSize = 16 });
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        using (var empty = engine.OpenReadView()) Assert.Null(empty.ReadLast(id, long.MinValue, long.MaxValue));
        for (int round = 0; round < 6; round++)
        {
            // Overlapping, out-of-order rounds; some flushed, some deleted at the end.
            await WriteDoubles(engine, id, Enumerable.Range(0, 60).Select(_ => ((long)rng.Next(0, 400), rng.NextDouble())).DistinctBy(p => p.Item1).ToList());
            if (rng.Next(2) == 0) await engine.FlushAsync();
            if (rng.Next(3) == 0) { long lo = rng.Next(0, 400); await engine.DeleteAsync([id], lo, lo + rng.Next(0, 120)); }
        }
        using var view = engine.OpenReadView();
        for (int q = 0; q < 50; q++)
        {
            long min = rng.Next(-10, 400), max = min + rng.Next(0, 300);
            bool summarize = rng.Next(2) == 0;
            Func<long, long, bool>? s = summarize ? (_, _) => true : null;
            var expected = view.Read(id, min, max, s, int.MaxValue).LastOrDefault();
            var actual = view.ReadLast(id, min, max, s);
            string at = $"seed {seed}, [{min}, {max}], summarize {summarize}";
            if (expected is null) { Assert.True(actual is null, at); continue; }
            Assert.True(actual is not null, at);
            Assert.Equal(expected.Summary, actual.Summary);
            Assert.Equal(expected.Timestamps.Take(expected.Count), actual.Timestamps.Take(actual.Count));
            Assert.Equal(expected.Values.Take(expected.Count), actual.Values.Take(actual.Count));
        }
    }

    [Fact]
    public async Task Reads_starting_and_ending_inside_chunks_match_a_model_across_overwrites_deletes_and_flushes()
    {
        // A read keeps only the range of a chunk it cuts and decodes nothing past it (ChunkCodec.Decode): check
        // every read against what was written, with ranges cutting into head and segment chunks,
        // pieces overlapping (out-of-order rounds, overwrites) and tombstones.
        int seed = Environment.TickCount;
        var rng = new Random(seed);
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet with { ChunkSize = 16, SegmentChunkSize = 16 });
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        var model = new SortedDictionary<long, double>();
        for (int round = 0; round < 8; round++)
        {
            var samples = Enumerable.Range(0, 80).Select(_ => ((long)rng.Next(0, 600), rng.NextDouble())).DistinctBy(p => p.Item1).ToList();
            await WriteDoubles(engine, id, samples);
            foreach (var (t, v) in samples) model[t] = v;
            if (rng.Next(2) == 0) await engine.FlushAsync();
            if (rng.Next(3) == 0)
            {
                long lo = rng.Next(0, 600), hi = lo + rng.Next(0, 80);
                await engine.DeleteAsync([id], lo, hi);
                foreach (var t in model.Keys.Where(t => t >= lo && t <= hi).ToList()) model.Remove(t);
            }
        }
        using var view = engine.OpenReadView();
        for (int q = 0; q < 200; q++)
        {
            long min = rng.Next(-10, 600), max = min + rng.Next(0, 200);
            var expected = model.Where(kv => kv.Key >= min && kv.Key <= max).ToList();
            var actual = view.Read(id, min, max, blockSize: rng.Next(1, 40)).SelectMany(b => Enumerable.Range(0, b.Count)
                .Select(i => new KeyValuePair<long, double>(b.Timestamps[i], BitConverter.Int64BitsToDouble(b.Values[i])))).ToList();
            Assert.True(expected.SequenceEqual(actual), $"seed {seed}, [{min}, {max}]: {expected.Count} expected, {actual.Count} read");
        }
    }

    [Fact]
    public void A_second_open_of_the_same_directory_fails_naming_the_lock_file()
    {
        using var dir = new TempDirectory();
        using var engine = StorageEngine.Open(dir.Path, Quiet);
        var e = Assert.Throws<StorageException>(() => StorageEngine.Open(dir.Path, Quiet));
        Assert.Contains("LOCK", e.Message);
    }

    [Fact]
    public async Task Writes_with_the_wrong_type_or_unknown_series_are_rejected_and_lose_nothing()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, [(1, 1.0)]);
        var wrongType = new SampleBatch();
        wrongType.Append(id, 2, 5L);
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.WriteAsync(wrongType));
        var unknown = new SampleBatch();
        unknown.Append(999, 2, 5.0);
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.WriteAsync(unknown));
        Assert.Single(ReadAll(engine, id));
    }

    [Fact]
    public async Task Table_writer_resolves_series_and_matches_tags()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        var writer = new TableWriter(engine, "cpu");
        for (int i = 0; i < 10; i++)
        {
            writer.BeginRow(i);
            writer.SetTag(0, i % 2 == 0 ? "a" : "b");
            writer.SetTag(1, "eu");
            writer.SetField(0, i * 1.5);
            writer.SetField(1, i);
            writer.SetField(3, "n" + i);
            writer.EndRow();
        }
        Assert.Equal(10, await writer.WriteAsync());
        using var view = engine.OpenReadView();
        var hostA = view.MatchSeries("cpu", [new TagMatcher("host", TagMatchKind.In, ["a"])]);
        Assert.Equal(3, hostA.Count); // usage, count, note
        var usage = view.MatchSeries("cpu", [new TagMatcher("host", TagMatchKind.Like, ["%"])], ["usage"]);
        Assert.Equal(2, usage.Count);
        Assert.Empty(view.MatchSeries("cpu", [new TagMatcher("host", TagMatchKind.In, ["zzz"])]));
        Assert.Equal(2, view.MatchSeries("cpu", [new TagMatcher("host", TagMatchKind.NotIn, ["a"])], ["usage", "count"]).Count);
        Assert.Throws<InvalidCastException>(() => { writer.BeginRow(1); writer.SetField(1, 1.5); });
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(f) == "LOCK") continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var src = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var dst = File.Create(target);
            src.CopyTo(dst);
        }
    }
}

public sealed class RetentionTests
{
    [Fact]
    public async Task Expired_samples_are_hidden_at_once_and_their_segments_dropped_by_compaction()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, new StorageOptions { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false });
        var schema = EngineTestData.Cpu(shard: TimeSpan.FromHours(1));
        engine.CreateTable(new Chronicle.Storage.Catalog.TableSchema("cpu", schema.Columns, retention: TimeSpan.FromDays(1), shardDuration: TimeSpan.FromHours(1)));
        long id = EngineTestData.Series(engine, "a", "usage");
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        long hour = 3_600_000_000_000L;
        await EngineTestData.WriteDoubles(engine, id, [(now - 72 * hour, 1.0), (now - 71 * hour, 2.0), (now - hour, 3.0)]);
        Assert.Equal([3.0], EngineTestData.ReadAll(engine, id).Select(s => (double)s.V));
        await engine.FlushAsync();
        Assert.Equal(3, engine.GetStatistics().SegmentCount); // one per hourly shard
        await engine.CompactAsync();
        Assert.Equal(1, engine.GetStatistics().SegmentCount);
        Assert.Equal([3.0], EngineTestData.ReadAll(engine, id).Select(s => (double)s.V));
    }
}

public sealed class SegmentChunkSizeTests
{
    [Fact]
    public async Task Flush_rechunks_head_chunks_to_the_segment_chunk_size()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, new StorageOptions { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false, ChunkSize = 10, SegmentChunkSize = 40 });
        engine.CreateTable(EngineTestData.Cpu());
        long id = EngineTestData.Series(engine, "a", "usage");
        await EngineTestData.WriteDoubles(engine, id, Enumerable.Range(0, 100).Select(i => ((long)i, (double)i)));
        await engine.FlushAsync();
        using var view = engine.OpenReadView();
        var blocks = view.Read(id, long.MinValue, long.MaxValue, summarize: (_, _) => true).ToList();
        Assert.Equal([40, 40, 20], blocks.Select(b => b.Summary!.Value.Count));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), EngineTestData.ReadAll(engine, id).Select(s => s.T));
        Assert.Throws<ArgumentOutOfRangeException>(() => StorageEngine.Open(dir.Path + "-x", new StorageOptions { SegmentChunkSize = 0 }));
    }
}

public sealed class OverwriteTests
{
    [Fact]
    public async Task Rewriting_a_long_series_out_of_order_keeps_the_last_values()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, new StorageOptions { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false });
        engine.CreateTable(EngineTestData.Cpu());
        long id = EngineTestData.Series(engine, "a", "usage");
        const int n = 200_000;
        await EngineTestData.WriteDoubles(engine, id, Enumerable.Range(0, n).Select(i => ((long)i, (double)i)));
        // The whole series again, in order but entirely behind the head: every sample is out of order.
        for (int start = 0; start < n; start += 20_000)
            await EngineTestData.WriteDoubles(engine, id, Enumerable.Range(start, 20_000).Select(i => ((long)i, -(double)i)));
        var all = EngineTestData.ReadAll(engine, id);
        Assert.Equal(n, all.Count);
        Assert.All(all, s => Assert.Equal(-(double)s.T, (double)s.V));
    }
}
