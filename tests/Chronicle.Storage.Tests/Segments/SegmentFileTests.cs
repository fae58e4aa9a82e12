using Chronicle.Storage.IO;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Segments;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Segments;

public sealed class SegmentFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static IFileSystem Fs => PhysicalFileSystem.Instance;

    public void Dispose() => _dir.Dispose();

    private sealed record WrittenChunk(long SeriesId, FieldType Type, byte[] Bytes, ChunkSummary Summary);

    /// <summary>Random series (increasing sparse IDs), each with 1..maxChunks chunks of random bytes and increasing time ranges.</summary>
    private static List<WrittenChunk> RandomChunks(Random rng, int seriesCount, int maxChunks)
    {
        var chunks = new List<WrittenChunk>();
        long id = rng.Next(0, 10);
        for (int s = 0; s < seriesCount; s++)
        {
            id += rng.Next(1, 50);
            var type = (FieldType)rng.Next(1, 5);
            long t = rng.NextInt64(-1_000_000, 1_000_000);
            int n = rng.Next(1, maxChunks + 1);
            for (int c = 0; c < n; c++)
            {
                var bytes = new byte[rng.Next(1, 300)];
                rng.NextBytes(bytes);
                long min = t + rng.Next(1, 1000);
                long max = min + rng.Next(0, 1000);
                t = max;
                var summary = new ChunkSummary(min, max, rng.Next(1, 121), rng.NextDouble(), rng.NextDouble() + 1, rng.NextDouble() * 100, rng.NextInt64(), rng.NextInt64());
                chunks.Add(new WrittenChunk(id, type, bytes, summary));
            }
        }
        return chunks;
    }

    private SegmentInfo Write(string path, IEnumerable<WrittenChunk> chunks, long id = 7, int level = 2, long shardStart = 86_400_000_000_000)
    {
        using var writer = new SegmentWriter(Fs, path, id, level, shardStart);
        foreach (var c in chunks) writer.AddChunk(c.SeriesId, c.Type, c.Bytes, c.Summary);
        return writer.Finish();
    }

    [Fact]
    public void RoundTripsManySeriesAndChunks()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        var chunks = RandomChunks(rng, 500, 12);
        string path = _dir.File(SegmentFormat.FileNameFor(7));
        var info = Write(path, chunks);

        Assert.Equal(new SegmentInfo(7, 2, 86_400_000_000_000, chunks.Min(c => c.Summary.MinTime), chunks.Max(c => c.Summary.MaxTime),
            500, chunks.Sum(c => (long)c.Summary.Count), new FileInfo(path).Length, SegmentFormat.FileNameFor(7)), info);

        using var reader = SegmentReader.Open(Fs, path);
        Assert.Equal(info, reader.Info);
        var bySeries = chunks.GroupBy(c => c.SeriesId).ToArray();
        Assert.Equal(bySeries.Select(g => g.Key), reader.SeriesIds);
        foreach (var series in bySeries)
        {
            Assert.True(reader.TryGetSeries(series.Key, out var type, out var refs));
            Assert.Equal(series.First().Type, type);
            var expected = series.ToArray();
            Assert.Equal(expected.Length, refs.Length);
            for (int i = 0; i < refs.Length; i++)
            {
                Assert.Equal(expected[i].Summary, refs[i].Summary);
                Assert.Equal(expected[i].Bytes, reader.GetChunk(refs[i]).ToArray());
            }
        }
    }

    [Fact]
    public void LookupOfMissingSeriesFails()
    {
        string path = _dir.File("a.seg");
        Write(path, [Chunk(10, 0, 5), Chunk(20, 0, 5), Chunk(30, 0, 5)]);
        using var reader = SegmentReader.Open(Fs, path);
        foreach (long missing in new[] { long.MinValue, 0, 9, 11, 25, 31, long.MaxValue })
        {
            Assert.False(reader.TryGetSeries(missing, out _, out var chunks));
            Assert.True(chunks.IsEmpty);
        }
        Assert.True(reader.TryGetSeries(20, out _, out var found));
        Assert.Equal(1, found.Length);
    }

    [Fact]
    public void EmptySegmentRoundTrips()
    {
        string path = _dir.File("empty.seg");
        var info = Write(path, []);
        Assert.True(info.IsEmpty);
        Assert.Equal((long.MaxValue, long.MinValue, 0L), (info.MinTime, info.MaxTime, info.SeriesCount));
        using var reader = SegmentReader.Open(Fs, path);
        Assert.Equal(info, reader.Info);
        Assert.Empty(reader.SeriesIds);
        Assert.False(reader.TryGetSeries(1, out _, out _));
    }

    [Fact]
    public void WriterRejectsOutOfOrderInput()
    {
        using var writer = new SegmentWriter(Fs, _dir.File("bad.seg"), 1, 0, 0);
        writer.AddChunk(5, FieldType.Double, [1], Summary(100, 200));
        Assert.Throws<ArgumentException>(() => writer.AddChunk(5, FieldType.Double, [1], Summary(200, 300))); // overlaps at 200
        Assert.Throws<ArgumentException>(() => writer.AddChunk(5, FieldType.Double, [1], Summary(50, 60)));   // earlier
        Assert.Throws<ArgumentException>(() => writer.AddChunk(5, FieldType.BigInt, [1], Summary(300, 400))); // type change
        Assert.Throws<ArgumentException>(() => writer.AddChunk(4, FieldType.Double, [1], Summary(300, 400))); // lower series ID
        Assert.Throws<ArgumentException>(() => writer.AddChunk(6, FieldType.Double, [], Summary(300, 400)));  // empty chunk
        Assert.Throws<ArgumentException>(() => writer.AddChunk(6, FieldType.Double, [1], Summary(400, 300))); // min > max
        Assert.Throws<ArgumentException>(() => writer.AddChunk(6, FieldType.Double, [1], Summary(300, 400) with { Count = 0 }));
        Assert.Throws<ArgumentException>(() => writer.AddChunk(6, (FieldType)9, [1], Summary(300, 400)));
        writer.AddChunk(5, FieldType.Double, [1], Summary(201, 300));
        writer.AddChunk(6, FieldType.VarChar, [1], Summary(0, 0));
        var info = writer.Finish();
        Assert.Equal((2L, 30L), (info.SeriesCount, info.SampleCount)); // the rejected chunks left no trace
        Assert.Throws<InvalidOperationException>(() => writer.AddChunk(7, FieldType.Double, [1], Summary(0, 1)));
    }

    [Fact]
    public void DisposingAnUnfinishedWriterDeletesThePartialFile()
    {
        string path = _dir.File("partial.seg");
        using (var writer = new SegmentWriter(Fs, path, 1, 0, 0))
            writer.AddChunk(1, FieldType.Double, new byte[100_000], Summary(0, 1));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WriterReplacesALeftoverFile()
    {
        string path = _dir.File("left.seg");
        File.WriteAllBytes(path, new byte[1000]);
        var info = Write(path, [Chunk(1, 0, 3)]);
        Assert.Equal(new FileInfo(path).Length, info.SizeBytes);
        using var reader = SegmentReader.Open(Fs, path);
        Assert.Equal(1, reader.SeriesCount);
    }

    [Fact]
    public void AnyFlippedByteOfHeaderIndexOrFooterFailsOpenNamingTheFile()
    {
        string path = _dir.File("c.seg");
        Write(path, RandomChunks(new Random(1), 4, 3));
        byte[] good = File.ReadAllBytes(path);
        long indexOffset = BitConverter.ToInt64(good, good.Length - SegmentFormat.FooterSize);
        var positions = Enumerable.Range(0, SegmentFormat.HeaderSize).Concat(Enumerable.Range((int)indexOffset, good.Length - (int)indexOffset));
        string bad = _dir.File("bad.seg");
        byte[] masks = [0x01, 0x80, 0xFF]; // a low bit, a high bit, a whole byte: one per position, in turn
        foreach (int pos in positions)
        {
            byte[] copy = (byte[])good.Clone();
            copy[pos] ^= masks[pos % masks.Length];
            File.WriteAllBytes(bad, copy);
            var ex = Assert.Throws<CorruptionException>(() => SegmentReader.Open(Fs, bad).Dispose());
            Assert.Equal(bad, ex.Path);
            Assert.Contains(bad, ex.Message);
        }
    }

    [Fact]
    public void AFlippedChunkByteFailsThatChunkOnly()
    {
        string path = _dir.File("d.seg");
        var chunks = RandomChunks(new Random(2), 3, 3);
        Write(path, chunks);
        byte[] good = File.ReadAllBytes(path);
        List<ChunkRef> refs;
        using (var reader = SegmentReader.Open(Fs, path))
            refs = reader.SeriesIds.SelectMany(id => { reader.TryGetSeries(id, out _, out var r); return r.ToArray(); }).ToList();
        string bad = _dir.File("bad.seg");
        long dataEnd = refs[^1].Offset + refs[^1].Length;
        for (long pos = SegmentFormat.HeaderSize; pos < dataEnd; pos++)
        {
            byte[] copy = (byte[])good.Clone();
            copy[pos] ^= 0x10;
            File.WriteAllBytes(bad, copy);
            using var reader = SegmentReader.Open(Fs, bad); // the index is intact: open succeeds
            foreach (var r in refs)
            {
                bool hit = pos >= r.Offset && pos < r.Offset + r.Length;
                if (hit)
                {
                    var ex = Assert.Throws<CorruptionException>(() => reader.GetChunk(r).Length);
                    Assert.Equal((bad, r.Offset), (ex.Path, ex.Offset));
                }
                else
                {
                    Assert.Equal(r.Length, reader.GetChunk(r).Length);
                }
            }
        }
    }

    [Fact]
    public void IndexedChunkReadsCheckTheCrcUntilItPassesAndFailEveryTimeOnABadChunk()
    {
        string path = _dir.File("e.seg");
        var chunks = RandomChunks(new Random(4), 4, 3);
        Write(path, chunks);
        byte[] copy = File.ReadAllBytes(path);
        string bad = _dir.File("bad-indexed.seg");
        List<(ChunkRef Ref, int Index)> all;
        using (var reader = SegmentReader.Open(Fs, path))
        {
            all = [];
            foreach (long id in reader.SeriesIds)
            {
                Assert.True(reader.TryGetSeries(id, out _, out var refs, out int first));
                for (int j = 0; j < refs.Length; j++) all.Add((refs[j], first + j));
            }
            Assert.Equal(chunks.Count, all.Count);
            Assert.Equal(Enumerable.Range(0, chunks.Count), all.Select(c => c.Index));
            for (int i = 0; i < chunks.Count; i++)
                for (int read = 0; read < 2; read++) // the first read checks the CRC, the second trusts it
                    Assert.Equal(chunks[i].Bytes, reader.GetChunk(all[i].Index).ToArray());
            Assert.Throws<ArgumentOutOfRangeException>(() => reader.GetChunk(chunks.Count).Length);
            Assert.Throws<ArgumentOutOfRangeException>(() => reader.GetChunk(-1).Length);
        }
        var victim = all[all.Count / 2];
        copy[victim.Ref.Offset + victim.Ref.Length / 2] ^= 0x01;
        File.WriteAllBytes(bad, copy);
        using (var reader = SegmentReader.Open(Fs, bad))
        {
            for (int read = 0; read < 3; read++)
            {
                var ex = Assert.Throws<CorruptionException>(() => reader.GetChunk(victim.Index).Length);
                Assert.Equal((bad, victim.Ref.Offset), (ex.Path, ex.Offset));
            }
            foreach (var (r, index) in all)
                if (index != victim.Index) Assert.Equal(r.Length, reader.GetChunk(index).Length);
        }
    }

    [Fact]
    public void EveryTruncationFailsOpen()
    {
        string path = _dir.File("t.seg");
        Write(path, RandomChunks(new Random(3), 3, 2));
        byte[] good = File.ReadAllBytes(path);
        string bad = _dir.File("trunc.seg");
        for (int length = 0; length < good.Length; length++)
        {
            File.WriteAllBytes(bad, good.AsSpan(0, length).ToArray());
            var ex = Assert.Throws<CorruptionException>(() => SegmentReader.Open(Fs, bad).Dispose());
            Assert.Equal(bad, ex.Path);
        }
    }

    [Fact]
    public void NotASegmentFailsOpen()
    {
        string bad = _dir.File("zeros.seg");
        File.WriteAllBytes(bad, new byte[500]);
        var ex = Assert.Throws<CorruptionException>(() => SegmentReader.Open(Fs, bad));
        Assert.Contains("magic", ex.Message);
        Assert.Throws<FileNotFoundException>(() => SegmentReader.Open(Fs, _dir.File("missing.seg")));
    }

    [Fact]
    public void ReferencesKeepTheMapAliveUntilTheLastRelease()
    {
        string path = _dir.File("r.seg");
        Write(path, [Chunk(1, 0, 3)]);
        var reader = SegmentReader.Open(Fs, path);
        reader.TryGetSeries(1, out _, out var refs);
        var chunk = refs[0];
        Assert.True(reader.TryAddRef());
        reader.Dispose();
        reader.Dispose(); // idempotent: releases the creator's reference once
        Assert.Equal(3, reader.GetChunk(chunk).Length);
        reader.Release();
        Assert.False(reader.TryAddRef());
        Assert.Throws<ObjectDisposedException>(() => reader.GetChunk(chunk).Length);
        Assert.Throws<InvalidOperationException>(reader.Release);
    }

    private static ChunkSummary Summary(long min, long max) => new(min, max, 10, 0, 0, 0, 0, 0);

    private static WrittenChunk Chunk(long series, long min, int bytes) =>
        new(series, FieldType.Double, Enumerable.Range(1, bytes).Select(i => (byte)i).ToArray(), Summary(min, min + 10));
}
