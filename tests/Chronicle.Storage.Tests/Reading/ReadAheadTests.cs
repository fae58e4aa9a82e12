using Chronicle.Storage.Reading;
using Chronicle.Storage.Tests.Engine;
using Chronicle.Storage.Writing;
using Xunit.Abstractions;
using static Chronicle.Storage.Tests.Engine.EngineTestData;

namespace Chronicle.Storage.Tests.Reading;

/// <summary>
/// <see cref="ReadView.ReadAhead"/> decodes on a second thread: it must yield exactly what
/// <see cref="ReadView.Read"/> yields (merges, overwrites, tombstones, head and segments), stop
/// cleanly when abandoned, and carry decoding failures to the consumer.
/// </summary>
public sealed class ReadAheadTests(ITestOutputHelper output)
{
    private static StorageOptions Quiet => new() { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false };

    private static List<(long T, object V)> Drain(IEnumerator<SampleBlock> blocks)
    {
        var samples = new List<(long, object)>();
        using (blocks)
        {
            long previous = long.MinValue;
            while (blocks.MoveNext())
            {
                var block = blocks.Current;
                Assert.Null(block.Summary);
                Assert.InRange(block.Count, 1, int.MaxValue);
                for (int i = 0; i < block.Count; i++)
                {
                    Assert.True(block.Timestamps[i] > previous, "blocks are in strictly increasing time order");
                    previous = block.Timestamps[i];
                    samples.Add((block.Timestamps[i], block.GetValue(i)));
                }
            }
        }
        return samples;
    }

    /// <summary>A series with segment chunks, overlapping rewrites, out-of-order head samples and a tombstone: far above the inline threshold.</summary>
    private async Task<(StorageEngine Engine, long Double, long Text)> Build(TempDirectory dir, int seed)
    {
        var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long usage = Series(engine, "a", "usage"), note = Series(engine, "a", "note");
        var rng = new Random(seed);
        const long Step = 10_000_000_000;
        var batch = new SampleBatch();
        for (int i = 0; i < 30_000; i++)
        {
            batch.Append(usage, i * Step, Math.Round(rng.NextDouble() * 100, 2));
            batch.Append(note, i * Step, "n" + rng.Next(0, 50));
        }
        await engine.WriteAsync(batch);
        await engine.FlushAsync();
        batch = new SampleBatch(); // rewrites of a stretch (newer wins), flushed to a second segment
        for (int i = 10_000; i < 12_000; i += 3) batch.Append(usage, i * Step, -1.0 * i);
        await engine.WriteAsync(batch);
        await engine.FlushAsync();
        await engine.DeleteAsync([usage, note], 20_000 * Step, 20_500 * Step);
        batch = new SampleBatch(); // head: new samples, and out-of-order ones inside flushed chunks
        for (int i = 30_000; i < 31_000; i++) batch.Append(usage, i * Step, i * 0.5);
        for (int i = 0; i < 2_000; i += 7) batch.Append(usage, i * Step + 1, 7.0);
        await engine.WriteAsync(batch);
        return (engine, usage, note);
    }

    [Theory]
    [InlineData(4096, 4)]
    [InlineData(1000, 1)]
    [InlineData(7, 2)]
    public async Task Yields_exactly_what_Read_yields(int blockSize, int depth)
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        using var dir = new TempDirectory();
        var (engine, usage, note) = await Build(dir, seed);
        await using (engine)
        {
            foreach (var (id, min, max) in new[] { (usage, long.MinValue, long.MaxValue), (note, long.MinValue, long.MaxValue), (usage, 5_000 * 10_000_000_000L, 25_000 * 10_000_000_000L - 1) })
            {
                var expected = ReadAll(engine, id, min, max);
                using var view = engine.OpenReadView();
                var actual = Drain(view.ReadAhead(id, min, max, blockSize, depth));
                Assert.Equal(expected.Count, actual.Count);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public async Task A_small_read_is_decoded_inline_with_the_same_answer()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, Enumerable.Range(0, 100).Select(i => (i * 1000L, i * 1.5)));
        await engine.FlushAsync();
        using var view = engine.OpenReadView();
        Assert.Equal(ReadAll(engine, id), Drain(view.ReadAhead(id, long.MinValue, long.MaxValue)));
    }

    [Fact]
    public async Task Abandoned_read_aheads_stop_when_disposed_or_when_the_view_is()
    {
        using var dir = new TempDirectory();
        var (engine, usage, note) = await Build(dir, 1);
        await using (engine)
        {
            var view = engine.OpenReadView();
            var first = view.ReadAhead(usage, long.MinValue, long.MaxValue, 512, 2);
            Assert.True(first.MoveNext());
            first.Dispose(); // with blocks still queued and the producer waiting for room
            first.Dispose();
            var second = view.ReadAhead(note, long.MinValue, long.MaxValue, 512, 2);
            Assert.True(second.MoveNext());
            view.Dispose(); // stops `second` before the segments are released
            Assert.Throws<ObjectDisposedException>(() => second.MoveNext());
            // The engine still reads (segments released exactly once, nothing left pinned by a producer).
            await engine.CompactAsync();
            Assert.Equal(30_000 + 1_000 + 2_000 / 7 + 1 - 501, ReadAll(engine, usage).Count);
        }
    }

    [Fact]
    public async Task A_corrupt_chunk_fails_the_consumer_with_the_file_and_offset()
    {
        using var dir = new TempDirectory();
        long usage;
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            engine.CreateTable(Cpu());
            usage = Series(engine, "a", "usage");
            await WriteDoubles(engine, usage, Enumerable.Range(0, 50_000).Select(i => (i * 10_000_000_000L, i * 0.25)));
            await engine.FlushAsync();
        }
        string segment = Directory.GetFiles(Path.Combine(dir.Path, "segments"), "*.seg").Single();
        byte[] bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x40; // in the chunk data, far from header, index and footer
        File.WriteAllBytes(segment, bytes);
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            using var view = engine.OpenReadView();
            using var blocks = view.ReadAhead(usage, long.MinValue, long.MaxValue);
            var ex = Assert.Throws<CorruptionException>(() => { while (blocks.MoveNext()) { } });
            Assert.Equal(segment, ex.Path);
            Assert.Throws<CorruptionException>(() => blocks.MoveNext()); // and it stays failed
        }
    }
}
