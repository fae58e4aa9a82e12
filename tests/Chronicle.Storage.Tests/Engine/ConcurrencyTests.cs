using Chronicle.Storage.Catalog;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Writing;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Engine;

/// <summary>Several writers, readers, flushes and compactions at once for a few seconds, then an exact count.</summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Concurrent_writers_readers_flushes_and_compactions_lose_and_duplicate_nothing()
    {
        using var dir = new TempDirectory();
        var options = new StorageOptions { ChunkSize = 32, FlushInterval = TimeSpan.Zero, CompactionThreshold = 2, BufferSize = 20_000 };
        await using var engine = StorageEngine.Open(dir.Path, options);
        engine.CreateTable(EngineTestData.Cpu());
        const int writers = 4;
        var ids = Enumerable.Range(0, writers).Select(w => EngineTestData.Series(engine, "w" + w, "usage")).ToArray();
        var written = new long[writers];
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var writerTasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var batch = new SampleBatch();
            long t = 0;
            while (!stop.IsCancellationRequested)
            {
                batch.Clear();
                for (int i = 0; i < 100; i++, t++) batch.Append(ids[w], t, (double)t);
                // Every tenth batch rewrites an older timestamp range with the same values (out of order, deduplicated).
                if (t % 1000 == 0 && t > 500) for (long o = t - 500; o < t - 450; o++) batch.Append(ids[w], o, (double)o);
                await engine.WriteAsync(batch);
                Interlocked.Exchange(ref written[w], t);
            }
        })).ToArray();
        long reads = 0;
        var readerTasks = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                int w = (int)(Interlocked.Increment(ref reads) % writers);
                long floor = Interlocked.Read(ref written[w]);
                using var view = engine.OpenReadView();
                long count = 0, last = -1;
                foreach (var block in view.Read(ids[w], long.MinValue, long.MaxValue))
                    for (int i = 0; i < block.Count; i++)
                    {
                        Assert.True(block.Timestamps[i] > last, "timestamps out of order or duplicated in a read");
                        Assert.Equal((double)block.Timestamps[i], block.Doubles[i]);
                        last = block.Timestamps[i];
                        count++;
                    }
                Assert.True(count >= floor, $"a read saw {count} samples, fewer than the {floor} acknowledged before it started");
            }
        })).ToArray();
        var flusher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(150);
                await engine.FlushAsync();
            }
        });
        await Task.WhenAll([.. writerTasks, .. readerTasks, flusher]);
        await engine.FlushAsync();
        await engine.CompactAsync();
        for (int w = 0; w < writers; w++)
        {
            using var view = engine.OpenReadView();
            long count = view.Read(ids[w], long.MinValue, long.MaxValue).Sum(b => (long)b.Count);
            Assert.Equal(written[w], count);
        }
        var stats = engine.GetStatistics();
        output.WriteLine($"written {written.Sum()} samples; {reads} reads; {stats.SegmentCount} segments per level [{string.Join(",", stats.SegmentsPerLevel)}]");
        Assert.Null(engine.LastBackgroundError);
    }
}
