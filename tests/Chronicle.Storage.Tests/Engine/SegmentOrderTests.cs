using static Chronicle.Storage.Tests.Engine.EngineTestData;

namespace Chronicle.Storage.Tests.Engine;

/// <summary>
/// The engine computes the order a read view takes the segments in (newest first) once per segment
/// set and keeps it: a view opened after a flush, a compaction or a retention drop must see the new
/// set, and overlapping segments must still resolve to the newest write.
/// </summary>
public sealed class SegmentOrderTests
{
    private static StorageOptions Quiet => new() { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false, CompactionThreshold = 2 };

    [Fact]
    public async Task Views_opened_after_each_flush_and_compaction_read_the_new_segment_set_newest_first()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        for (int round = 0; round < 4; round++)
        {
            // Each round overwrites the second half of the previous one: only the newest segment's value may win.
            await WriteDoubles(engine, id, Enumerable.Range(0, 50).Select(i => ((long)(round * 25 + i), round * 1000.0 + i)));
            using (var before = engine.OpenReadView()) Assert.Equal(round, before.SegmentCount); // the order of the old set is computed and kept
            await engine.FlushAsync();
            var all = ReadAll(engine, id);
            Assert.Equal(50 + round * 25, all.Count);
            using (var after = engine.OpenReadView()) Assert.Equal(round + 1, after.SegmentCount);
            for (int i = 0; i < all.Count; i++)
            {
                long t = all[i].T;
                int newest = (int)Math.Min(round, t / 25);
                Assert.Equal(newest * 1000.0 + (t - newest * 25), all[i].V);
            }
        }
        var flushed = ReadAll(engine, id);
        await engine.CompactAsync();
        using (var compacted = engine.OpenReadView()) Assert.True(compacted.SegmentCount < 4, $"segments after compaction: {compacted.SegmentCount}");
        Assert.Equal(flushed, ReadAll(engine, id));
        // A write and flush after the compaction: newer than the compacted segment, so it wins.
        await WriteDoubles(engine, id, [(10, -1.0)]);
        await engine.FlushAsync();
        var last = ReadAll(engine, id);
        Assert.Equal(flushed.Count, last.Count);
        Assert.Equal(-1.0, last.Single(s => s.T == 10).V);
    }

    [Fact]
    public async Task A_view_keeps_its_own_segments_while_the_engine_moves_to_a_new_set()
    {
        using var dir = new TempDirectory();
        await using var engine = StorageEngine.Open(dir.Path, Quiet);
        engine.CreateTable(Cpu());
        long id = Series(engine, "a", "usage");
        await WriteDoubles(engine, id, [(1, 1.0), (2, 2.0)]);
        await engine.FlushAsync();
        using var old = engine.OpenReadView();
        await WriteDoubles(engine, id, [(2, 20.0), (3, 30.0)]);
        await engine.FlushAsync();
        await engine.CompactAsync();
        // The old view reads its pinned first segment (compaction has replaced it since) and the memstore
        // it saw, where the newer writes went; the new view the compacted segment. Both: newest wins.
        Assert.Equal(1, old.SegmentCount);
        Assert.Equal([(1L, (object)1.0), (2L, 20.0), (3L, 30.0)], old.Read(id, long.MinValue, long.MaxValue).SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.Timestamps[i], b.GetValue(i)))));
        Assert.Equal([(1L, (object)1.0), (2L, 20.0), (3L, 30.0)], ReadAll(engine, id));
    }
}
