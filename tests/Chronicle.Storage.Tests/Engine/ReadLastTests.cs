using Chronicle.Storage.Catalog;
using static Chronicle.Storage.Tests.Engine.EngineTestData;

namespace Chronicle.Storage.Tests.Engine;

/// <summary>
/// <see cref="Reading.ReadView.ReadLast"/> where answering from the newest chunk alone (or from its
/// summary) would be wrong: each case states the newest sample it must return, and checks that the
/// block equals the last block of a full read.
/// </summary>
public sealed class ReadLastTests
{
    private static StorageOptions Small => new() { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false, ChunkSize = 10, SegmentChunkSize = 10 };

    /// <summary>Samples at 0, 10, ..., 990 with value = time.</summary>
    private static IEnumerable<(long T, double V)> Hundred => Enumerable.Range(0, 100).Select(i => (10L * i, 10.0 * i));

    /// <summary>A new engine (<see cref="Small"/> chunks) holding one series with <see cref="Hundred"/>, in the head; disposing it closes the engine, then deletes its directory.</summary>
    private sealed class HundredSamples : IAsyncDisposable
    {
        private readonly TempDirectory _dir = new();

        private HundredSamples() => Engine = StorageEngine.Open(_dir.Path, Small);

        public StorageEngine Engine { get; }

        public long Id { get; private set; }

        public static async Task<HundredSamples> OpenAsync()
        {
            var f = new HundredSamples();
            f.Engine.CreateTable(Cpu());
            f.Id = Series(f.Engine, "a", "usage");
            await WriteDoubles(f.Engine, f.Id, Hundred);
            return f;
        }

        public async ValueTask DisposeAsync()
        {
            await Engine.DisposeAsync();
            _dir.Dispose();
        }
    }

    /// <summary>The newest sample of ReadLast with and without summaries, after checking both against a full read.</summary>
    private static (long T, double V)? Last(StorageEngine engine, long id, long min = long.MinValue, long max = long.MaxValue)
    {
        using var view = engine.OpenReadView();
        (long, double)? answer = null;
        foreach (var summarize in new Func<long, long, bool>?[] { null, (_, _) => true })
        {
            var expected = view.Read(id, min, max, summarize, int.MaxValue).LastOrDefault();
            var actual = view.ReadLast(id, min, max, summarize);
            if (expected is null)
            {
                Assert.Null(actual);
                continue;
            }
            Assert.NotNull(actual);
            Assert.Equal(expected.Summary, actual.Summary);
            Assert.Equal(expected.Timestamps.Take(expected.Count), actual.Timestamps.Take(actual.Count));
            Assert.Equal(expected.Values.Take(expected.Count), actual.Values.Take(actual.Count));
            var newest = actual.Summary is { } s
                ? (s.MaxTime, BitConverter.Int64BitsToDouble(s.Last))
                : (actual.Timestamps[actual.Count - 1], BitConverter.Int64BitsToDouble(actual.Values[actual.Count - 1]));
            if (answer is not null) Assert.Equal(answer, newest);
            answer = newest;
        }
        return answer;
    }

    [Fact]
    public async Task An_overwrite_of_the_segments_last_sample_in_the_memstore_wins()
    {
        await using var f = await HundredSamples.OpenAsync();
        var (engine, id) = (f.Engine, f.Id);
        await engine.FlushAsync();
        Assert.Equal((990L, 990.0), Last(engine, id));
        Assert.Equal((550L, 550.0), Last(engine, id, 300, 555)); // a range ending inside the segment
        Assert.Null(Last(engine, id, 991, 2000));
        await WriteDoubles(engine, id, [(990, -1.0)]);
        Assert.Equal((990L, -1.0), Last(engine, id));
        await engine.FlushAsync(); // now two segments overlap at 990
        Assert.Equal((990L, -1.0), Last(engine, id));
        await engine.CompactAsync();
        Assert.Equal((990L, -1.0), Last(engine, id));
        Assert.Equal((550L, 550.0), Last(engine, id, 300, 555));
    }

    [Fact]
    public async Task An_out_of_order_memstore_sample_overlapping_the_newest_segment_chunk_is_merged()
    {
        await using var f = await HundredSamples.OpenAsync();
        var (engine, id) = (f.Engine, f.Id);
        await engine.FlushAsync();
        // 985 lies inside the segment's last chunk [900, 990]: the newest sample stays 990, but the last block merges both.
        await WriteDoubles(engine, id, [(985, 1.5)]);
        Assert.Equal((990L, 990.0), Last(engine, id));
        using (var view = engine.OpenReadView())
        {
            var block = view.ReadLast(id, long.MinValue, long.MaxValue, (_, _) => true)!;
            Assert.Null(block.Summary);
            Assert.Contains(985L, block.Timestamps.Take(block.Count));
        }
        // In the memstore, a newer chunk then an older out-of-order sample that rewrites its end.
        await WriteDoubles(engine, id, Enumerable.Range(100, 15).Select(i => (10L * i, 10.0 * i)));
        await WriteDoubles(engine, id, [(1140, -7.0), (1135, 3.0)]);
        Assert.Equal((1140L, -7.0), Last(engine, id));
        Assert.Equal((1135L, 3.0), Last(engine, id, max: 1139));
    }

    [Fact]
    public async Task An_overwrite_inside_the_head_wins()
    {
        await using var f = await HundredSamples.OpenAsync();
        var (engine, id) = (f.Engine, f.Id);
        Assert.Equal((990L, 990.0), Last(engine, id)); // only in the head: sealed chunks and the open one
        await WriteDoubles(engine, id, [(990, -2.0)]);
        Assert.Equal((990L, -2.0), Last(engine, id));
        await WriteDoubles(engine, id, [(905, -3.0)]);
        Assert.Equal((905L, -3.0), Last(engine, id, max: 909));
        Assert.Equal((990L, -2.0), Last(engine, id));
    }

    [Fact]
    public async Task A_tombstone_over_the_newest_samples_hides_them()
    {
        await using var f = await HundredSamples.OpenAsync();
        var (engine, id) = (f.Engine, f.Id);
        await engine.FlushAsync();
        await engine.DeleteAsync([id], 975, 2000);
        Assert.Equal((970L, 970.0), Last(engine, id)); // part of the newest chunk
        await engine.DeleteAsync([id], 895, 974);
        Assert.Equal((890L, 890.0), Last(engine, id)); // all of it: the chunk before
        Assert.Null(Last(engine, id, min: 895));
        // Samples written after the delete are newer than the tombstone.
        await WriteDoubles(engine, id, [(980, 5.0)]);
        Assert.Equal((980L, 5.0), Last(engine, id));
        await engine.FlushAsync();
        await engine.CompactAsync();
        Assert.Equal((980L, 5.0), Last(engine, id));
    }

    [Fact]
    public async Task A_tombstone_over_head_samples_hides_them()
    {
        await using var f = await HundredSamples.OpenAsync();
        var (engine, id) = (f.Engine, f.Id);
        await engine.DeleteAsync([id], 981, 990);
        Assert.Equal((980L, 980.0), Last(engine, id));
    }

    [Fact]
    public async Task Retention_hides_expired_newest_samples()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Small);
        var schema = Cpu(shard: TimeSpan.FromHours(1));
        engine.CreateTable(new TableSchema("cpu", schema.Columns, retention: TimeSpan.FromDays(1), shardDuration: TimeSpan.FromHours(1)));
        long id = Series(engine, "a", "usage");
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        long hour = 3_600_000_000_000L;
        await WriteDoubles(engine, id, [(now - 72 * hour, 1.0), (now - 71 * hour, 2.0)]);
        Assert.Null(Last(engine, id)); // in the head
        await engine.FlushAsync();
        Assert.Null(Last(engine, id)); // in segments
        await WriteDoubles(engine, id, [(now - hour, 3.0)]);
        Assert.Equal((now - hour, 3.0), Last(engine, id));
    }
}
