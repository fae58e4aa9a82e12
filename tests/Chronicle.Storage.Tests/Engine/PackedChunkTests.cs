using Chronicle.Storage.Encoding;
using Chronicle.Storage.IO;
using Chronicle.Storage.Segments;
using static Chronicle.Storage.Tests.Engine.EngineTestData;

namespace Chronicle.Storage.Tests.Engine;

/// <summary>
/// DOUBLE segment chunks in the block-packed format (chunk format version 2): flush and compaction
/// write it where it is smaller than Gorilla, keep Gorilla where it is not, and every sample reads
/// back exactly, after compaction and after a restart.
/// </summary>
public sealed class PackedChunkTests
{
    private const long S = 1_000_000_000;
    private static readonly long T0 = 1_704_067_200L * S; // 2024-01-01T00:00:00Z
    private static StorageOptions Quiet => new() { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false, CompactionThreshold = 2 };

    /// <summary>The format version of every segment chunk of each series, read from the segment files.</summary>
    private static Dictionary<long, List<int>> ChunkVersions(string directory)
    {
        var versions = new Dictionary<long, List<int>>();
        foreach (var path in Directory.GetFiles(Path.Combine(directory, "segments"), "*.seg"))
        {
            using var reader = SegmentReader.Open(PhysicalFileSystem.Instance, path);
            foreach (long id in reader.SeriesIds)
            {
                Assert.True(reader.TryGetSeries(id, out _, out var chunks));
                foreach (var chunk in chunks)
                {
                    if (!versions.TryGetValue(id, out var list)) versions[id] = list = [];
                    list.Add(reader.GetChunk(chunk)[0] >> 4);
                }
            }
        }
        return versions;
    }

    [Fact]
    public async Task Flush_and_compaction_pack_full_precision_chunks_and_keep_Gorilla_for_held_values()
    {
        using var dir = new TempDirectory();
        var random = new Random(20261205);
        double walk = 50;
        var noisy = Enumerable.Range(0, 4320).Select(i => (T0 + i * 10 * S, walk = Math.Clamp(walk + random.NextDouble() - 0.5, 1, 99))).ToList();
        var held = Enumerable.Range(0, 4320).Select(i => (T0 + i * 10 * S, (double)(i / 30 % 7))).ToList();
        long walkId, heldId;
        await using (var engine = StorageEngine.Open(dir.Path, Quiet))
        {
            engine.CreateTable(Cpu());
            walkId = Series(engine, "a", "usage");
            heldId = Series(engine, "b", "usage");
            await WriteDoubles(engine, walkId, noisy);
            await WriteDoubles(engine, heldId, held);
            await engine.FlushAsync();
            var versions = ChunkVersions(dir.Path);
            Assert.All(versions[walkId], v => Assert.Equal(ChunkHeader.PackedVersion, v));
            Assert.All(versions[heldId], v => Assert.Equal(ChunkHeader.Version, v));

            // overwrite every 7th sample and compact: the merge re-encodes the chunks
            for (int i = 0; i < noisy.Count; i += 7) noisy[i] = (noisy[i].Item1, noisy[i].Item2 + 0.001);
            await WriteDoubles(engine, walkId, noisy.Where((_, i) => i % 7 == 0));
            await engine.FlushAsync();
            await engine.CompactAsync();
            Assert.Equal(1, engine.GetStatistics().SegmentCount);
            versions = ChunkVersions(dir.Path);
            Assert.All(versions[walkId], v => Assert.Equal(ChunkHeader.PackedVersion, v));
            Assert.Equal(noisy.Select(s => (s.Item1, (object)s.Item2)), ReadAll(engine, walkId));
            Assert.Equal(held.Select(s => (s.Item1, (object)s.Item2)), ReadAll(engine, heldId));
        }

        await using (var reopened = StorageEngine.Open(dir.Path, Quiet))
        {
            Assert.Equal(noisy.Select(s => (s.Item1, (object)s.Item2)), ReadAll(reopened, walkId));
            Assert.Equal(held.Select(s => (s.Item1, (object)s.Item2)), ReadAll(reopened, heldId));
            // a range that cuts packed chunks mid-block
            long from = T0 + 1234 * 10 * S, to = T0 + 2345 * 10 * S;
            Assert.Equal(noisy.Where(s => s.Item1 >= from && s.Item1 <= to).Select(s => (s.Item1, (object)s.Item2)), ReadAll(reopened, walkId, from, to));
        }
    }
}
