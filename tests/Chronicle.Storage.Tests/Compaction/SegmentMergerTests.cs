using Chronicle.Storage.Compaction;
using Chronicle.Storage.IO;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Segments;
using Chronicle.Storage.Tests.Segments;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Compaction;

public sealed class SegmentMergerTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<SegmentReader> _readers = [];
    private static IFileSystem Fs => PhysicalFileSystem.Instance;
    private const long NoCutoff = long.MinValue;

    public void Dispose()
    {
        foreach (var r in _readers) r.Dispose();
        _dir.Dispose();
    }

    private SegmentReader Input(long id, SortedDictionary<long, List<TestSample>> series, int chunkSize = 7)
    {
        string path = _dir.File(SegmentFormat.FileNameFor(id));
        MergeTestData.Write(path, id, series, () => chunkSize, _ => FieldType.BigInt);
        var reader = SegmentReader.Open(Fs, path);
        _readers.Add(reader);
        return reader;
    }

    private (SegmentInfo Info, SortedDictionary<long, (List<TestSample> Samples, List<ChunkSummary> Chunks)> Series) Merge(
        IReadOnlyList<(SegmentReader, long)> inputs, IReadOnlyList<Tombstone>? tombstones = null, long cutoff = NoCutoff, int chunkSize = 120)
    {
        string path = _dir.File(SegmentFormat.FileNameFor(1000));
        var info = SegmentMerger.Merge(Fs, inputs, path, 1000, 1, 0, tombstones ?? [], cutoff, chunkSize);
        using var reader = SegmentReader.Open(Fs, path);
        Assert.Equal(info, reader.Info);
        var series = MergeTestData.Read(reader);
        reader.Dispose();
        Fs.DeleteFile(path);
        return (info, series);
    }

    private static SortedDictionary<long, List<TestSample>> Series(long id, IEnumerable<long> times, long valueBase) =>
        new() { [id] = times.Select(t => new TestSample(t, valueBase + t)).ToList() };

    [Fact]
    public void DuplicatesKeepTheSampleOfTheHigherSequence()
    {
        var older = Input(1, Series(1, Enumerable.Range(1, 10).Select(i => (long)i), 100));
        var newer = Input(2, Series(1, Enumerable.Range(5, 11).Select(i => (long)i), 200));
        var expected = Enumerable.Range(1, 4).Select(t => new TestSample(t, 100 + t))
            .Concat(Enumerable.Range(5, 11).Select(t => new TestSample(t, 200 + t))).ToList();

        Assert.Equal(expected, Merge([(older, 1), (newer, 2)]).Series[1].Samples);
        Assert.Equal(expected, Merge([(newer, 2), (older, 1)]).Series[1].Samples); // input order does not matter
        var swapped = Merge([(older, 5), (newer, 2)]).Series[1].Samples;       // only the sequence does
        Assert.Equal(Enumerable.Range(1, 10).Select(t => new TestSample(t, 100 + t)).Concat(Enumerable.Range(11, 5).Select(t => new TestSample(t, 200 + t))), swapped);
    }

    [Fact]
    public void TombstonesDeleteOnlySamplesOfOlderInputs()
    {
        var a = Input(1, Series(5, Enumerable.Range(0, 20).Select(i => (long)i), 0));
        var b = Input(2, Series(5, Enumerable.Range(100, 20).Select(i => (long)i), 0));
        var c = Input(3, new SortedDictionary<long, List<TestSample>> { [6] = [new(3, 1), new(4, 1)] });
        Tombstone[] tombstones =
        [
            new([5], 5, 9, 2),       // newer than a (1): deletes 5..9 of a
            new([5], 100, 104, 2),   // not newer than b (2): deletes nothing
            new([7, 5], 15, 110, 3), // newer than both: deletes 15..19 of a and 100..110 of b
            new([8], 0, 1000, 9),    // another series
        ];
        var result = Merge([(a, 1), (b, 2), (c, 1)], tombstones);
        var times = result.Series[5].Samples.Select(s => s.Time).ToArray();
        Assert.Equal(Enumerable.Range(0, 5).Concat(Enumerable.Range(10, 5)).Concat(Enumerable.Range(111, 9)).Select(i => (long)i), times);
        Assert.Equal(2, result.Series[6].Samples.Count);
        Assert.Equal(5 + 5 + 9 + 2, result.Info.SampleCount);
    }

    [Fact]
    public void RetentionDropsOlderSamplesAndEmptySeries()
    {
        var a = Input(1, new SortedDictionary<long, List<TestSample>>
        {
            [1] = Enumerable.Range(0, 300).Select(i => new TestSample(i, i)).ToList(),
            [2] = Enumerable.Range(0, 50).Select(i => new TestSample(i, i)).ToList(),
        }, chunkSize: 120);
        var result = Merge([(a, 1)], cutoff: 250);
        Assert.Equal([1L], result.Series.Keys);
        Assert.Equal(Enumerable.Range(250, 50).Select(i => (long)i), result.Series[1].Samples.Select(s => s.Time));
        Assert.Equal((250L, 299L, 1L), (result.Info.MinTime, result.Info.MaxTime, result.Info.SeriesCount));
    }

    [Fact]
    public void EverythingDeletedGivesAnEmptySegment()
    {
        var a = Input(1, Series(1, [1, 2, 3], 0));
        var result = Merge([(a, 1)], [new Tombstone([1], long.MinValue, long.MaxValue, 2)]);
        Assert.True(result.Info.IsEmpty);
        Assert.Empty(result.Series);
    }

    [Fact]
    public void ShortChunksAreReChunkedIntoFullOnes()
    {
        var inputs = Enumerable.Range(0, 4).Select(k =>
            (Input(k + 1, Series(3, Enumerable.Range(0, 100).Select(i => (long)(i * 4 + k)), 0), chunkSize: 7), (long)(k + 1))).ToList();
        var result = Merge(inputs, chunkSize: 120);
        var (samples, chunks) = result.Series[3];
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), samples.Select(s => s.Time));
        Assert.Equal([120, 120, 120, 40], chunks.Select(c => c.Count));
        for (int i = 0; i < chunks.Count; i++)
            Assert.Equal(MergeTestData.SummaryOf(FieldType.BigInt, samples.Skip(i * 120).Take(120)), chunks[i]);
    }

    [Fact]
    public void FullChunksNobodyOverlapsAreCopiedVerbatim()
    {
        var a = Input(1, Series(4, Enumerable.Range(0, 360).Select(i => (long)i), 7), chunkSize: 120);
        // b's samples lie ten minutes later, outside the window of a's chunks, so those are alone in
        // it and copied; re-encoding would have made them version 2 (smaller for this counter)
        var b = Input(2, Series(4, Enumerable.Range(1000, 10).Select(i => i + 600_000_000_000L), 7), chunkSize: 120);
        string path = _dir.File("out.seg");
        SegmentMerger.Merge(Fs, [(a, 1), (b, 2)], path, 50, 1, 0, [], NoCutoff, 120);
        using var merged = SegmentReader.Open(Fs, path);
        a.TryGetSeries(4, out _, out var inRefs);
        merged.TryGetSeries(4, out _, out var outRefs);
        Assert.Equal(4, outRefs.Length);
        for (int i = 0; i < 3; i++)
            Assert.Equal(a.GetChunk(inRefs[i]).ToArray(), merged.GetChunk(outRefs[i]).ToArray());
        Assert.Equal(370, MergeTestData.Read(merged)[4].Samples.Count);
    }

    [Fact]
    public void ACorruptInputChunkFailsTheMergeAndLeavesNoOutput()
    {
        string inputPath = _dir.File("in.seg");
        MergeTestData.Write(inputPath, 1, Series(1, Enumerable.Range(0, 50).Select(i => (long)i), 0), () => 10, _ => FieldType.BigInt);
        byte[] bytes = File.ReadAllBytes(inputPath);
        bytes[SegmentFormat.HeaderSize + 20] ^= 0x40; // inside the first chunk
        File.WriteAllBytes(inputPath, bytes);
        var reader = SegmentReader.Open(Fs, inputPath);
        _readers.Add(reader);
        string output = _dir.File("out.seg");
        var ex = Assert.Throws<CorruptionException>(() => SegmentMerger.Merge(Fs, [(reader, 1)], output, 2, 1, 0, [], NoCutoff, 120));
        Assert.Equal((inputPath, (long)SegmentFormat.HeaderSize), (ex.Path, ex.Offset));
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(3, false)]  // a chunk above the maximum (2 here) is decoded: its time range disagrees with the index
    [InlineData(3, true)]   // a chunk alone in its window is copied whole: its header's type disagrees with the index
    [InlineData(120, true)] // so is a full chunk
    public void AChunkThatDisagreesWithTheIndexFailsTheMerge(int count, bool wrongType)
    {
        long[] times = Enumerable.Range(1, count).Select(i => (long)i).ToArray();
        byte[] chunk = Chronicle.Storage.Encoding.ChunkCodec.Encode(FieldType.BigInt, times, times);
        var summary = MergeTestData.SummaryOf(FieldType.BigInt, times.Select(t => new TestSample(t, t)));
        if (!wrongType) summary = summary with { MinTime = 0 };
        string input = _dir.File("lying.seg");
        using (var writer = new SegmentWriter(Fs, input, 1, 0, 0))
        {
            writer.AddChunk(9, wrongType ? FieldType.Double : FieldType.BigInt, chunk, summary);
            writer.Finish();
        }
        var reader = SegmentReader.Open(Fs, input); // CRCs are right: only the merge can tell
        _readers.Add(reader);
        string output = _dir.File("out.seg");
        int maxSamples = wrongType ? 120 : 2;
        var ex = Assert.Throws<CorruptionException>(() => SegmentMerger.Merge(Fs, [(reader, 1)], output, 2, 1, 0, [], NoCutoff, maxSamples));
        Assert.Equal((input, (long)SegmentFormat.HeaderSize), (ex.Path, ex.Offset));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ASeriesWithTwoTypesFailsTheMerge()
    {
        string p1 = _dir.File("a.seg"), p2 = _dir.File("b.seg");
        MergeTestData.Write(p1, 1, Series(1, [1, 2], 0), () => 10, _ => FieldType.BigInt);
        MergeTestData.Write(p2, 2, new() { [1] = [new(3, 0), new(4, 1)] }, () => 10, _ => FieldType.Boolean);
        var (a, b) = (SegmentReader.Open(Fs, p1), SegmentReader.Open(Fs, p2));
        _readers.AddRange([a, b]);
        string output = _dir.File("out.seg");
        var ex = Assert.Throws<StorageException>(() => SegmentMerger.Merge(Fs, [(a, 1), (b, 2)], output, 3, 1, 0, [], NoCutoff, 120));
        Assert.Contains("series 1", ex.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var a = Input(1, Series(1, [1], 0));
        string output = _dir.File("out.seg");
        Assert.Throws<ArgumentException>(() => SegmentMerger.Merge(Fs, [], output, 3, 1, 0, [], NoCutoff, 120));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentMerger.Merge(Fs, [(a, 1)], output, 3, 1, 0, [], NoCutoff, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentMerger.Merge(Fs, [(a, 1)], output, 3, 1, 0, [], NoCutoff, 70_000));
    }

    [Fact]
    public void MatchesANaiveInMemoryMergeOnRandomData()
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        for (int round = 0; round < 20; round++)
            RandomRound(new Random(seed + round), round);
    }

    private void RandomRound(Random rng, int round)
    {
        int chunkSize = rng.Next(3) switch { 0 => 120, 1 => rng.Next(1, 10), _ => rng.Next(10, 200) };
        string[] words = ["", "a", "bb", "ccc", "héllo", "日本"];
        int inputCount = rng.Next(1, 6);
        var inputs = new List<(SegmentReader, long)>();
        var all = new List<(long Series, TestSample Sample, long Sequence)>();
        long[] sequences = Enumerable.Range(1, inputCount).Select(i => (long)i * 10).OrderBy(_ => rng.Next()).ToArray();
        for (int k = 0; k < inputCount; k++)
        {
            var series = new SortedDictionary<long, List<TestSample>>();
            int seriesCount = rng.Next(0, 12);
            for (int s = 0; s < seriesCount; s++)
            {
                long id = rng.Next(0, 20);
                var times = new SortedSet<long>();
                long start = rng.Next(0, 500), span = rng.Next(1, 1000);
                int n = rng.Next(1, 400);
                for (int i = 0; i < n; i++) times.Add(start + rng.NextInt64(span));
                var type = MergeTestData.TypeOf(id);
                series[id] = times.Select(t => type switch
                {
                    FieldType.Double => new TestSample(t, BitConverter.DoubleToInt64Bits(Math.Round(rng.NextDouble() * 100, 2))),
                    FieldType.BigInt => new TestSample(t, rng.NextInt64(-1000, 1000)),
                    FieldType.Boolean => new TestSample(t, rng.Next(2)),
                    _ => new TestSample(t, 0, words[rng.Next(words.Length)]),
                }).ToList();
            }
            int inputChunk = rng.Next(2) == 0 ? chunkSize : rng.Next(1, 150);
            string path = _dir.File($"r{round}-{k}.seg");
            MergeTestData.Write(path, k, series, () => rng.Next(4) == 0 ? rng.Next(1, 150) : inputChunk);
            var reader = SegmentReader.Open(Fs, path);
            _readers.Add(reader);
            inputs.Add((reader, sequences[k]));
            foreach (var (id, samples) in series)
                foreach (var sample in samples) all.Add((id, sample, sequences[k]));
        }
        var tombstones = Enumerable.Range(0, rng.Next(0, 4)).Select(_ =>
        {
            long min = rng.Next(0, 1500);
            return new Tombstone(Enumerable.Range(0, rng.Next(1, 6)).Select(_ => (long)rng.Next(0, 20)).ToArray(), min, min + rng.Next(0, 300), rng.Next(0, 60));
        }).ToArray();
        long cutoff = rng.Next(2) == 0 ? NoCutoff : rng.Next(0, 600);

        // The naive merge: all samples in memory, newest sequence per (series, time), then the deletions.
        var expected = all
            .GroupBy(x => (x.Series, x.Sample.Time))
            .Select(g => g.MaxBy(x => x.Sequence))
            .Where(x => x.Sample.Time >= cutoff)
            .Where(x => !tombstones.Any(t => t.SeriesIds.Contains(x.Series) && t.Covers(x.Sample.Time, x.Sequence)))
            .GroupBy(x => x.Series)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Sample).OrderBy(s => s.Time).ToList());

        var (info, actual) = Merge(inputs, tombstones, cutoff, chunkSize);
        Assert.Equal(expected.Keys.Order(), actual.Keys);
        foreach (var (id, (samples, chunks)) in actual)
        {
            Assert.Equal(expected[id], samples);
            var type = MergeTestData.TypeOf(id);
            int at = 0;
            for (int i = 0; i < chunks.Count; i++)
            {
                if (i < chunks.Count - 1) Assert.Equal(chunkSize, chunks[i].Count); // full chunks but the last
                Assert.Equal(MergeTestData.SummaryOf(type, samples.Skip(at).Take(chunks[i].Count)), chunks[i]);
                at += chunks[i].Count;
            }
        }
        Assert.Equal(expected.Values.Sum(s => (long)s.Count), info.SampleCount);
    }
}
