using BenchmarkDotNet.Attributes;
using Chronicle.Storage.Compaction;
using Chronicle.Storage.Encoding;
using Chronicle.Storage.IO;
using Chronicle.Storage.Segments;

namespace Chronicle.Benchmarks.Segments;

/// <summary>
/// Compaction of four L0 segments of 1,000 DOUBLE series x 600 samples each (2.4 M samples in all)
/// into one L1 segment. <c>Interleaved</c>: the inputs' timestamps interleave, so every chunk is
/// decoded, merged and re-encoded. <c>Disjoint</c>: each input covers its own time range with chunks
/// cut at the 5-minute windows the merge chooses (1 sample/s, at most 512 per chunk), so the merger
/// copies chunks verbatim. Run: <c>--filter *SegmentMerge* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SegmentMergeBenchmarks
{
    private const int Inputs = 4, Series = 1_000, SamplesPerSeries = 600, MaxSamples = 512;
    private const long Window = 300_000_000_000L; // 5 minutes
    private string _dir = "";
    private SegmentReader[] _readers = [];

    /// <summary>Whether the inputs' time ranges interleave.</summary>
    [Params(true, false)]
    public bool Interleaved { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "chronicle-bench-merge-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var fs = PhysicalFileSystem.Instance;
        var rng = new Random(42);
        _readers = new SegmentReader[Inputs];
        for (int k = 0; k < Inputs; k++)
        {
            string path = Path.Combine(_dir, SegmentFormat.FileNameFor(k + 1));
            using (var writer = new SegmentWriter(fs, path, k + 1, 0, 0))
            {
                var encoder = new ChunkEncoder(Chronicle.Storage.FieldType.Double);
                for (long s = 0; s < Series; s++)
                {
                    double value = rng.Next(100);
                    for (int i = 0; i < SamplesPerSeries; i++)
                    {
                        long t = Interleaved ? (i * Inputs + k) * 1_000_000_000L : (k * SamplesPerSeries + i) * 1_000_000_000L;
                        value += Math.Round(rng.NextDouble() - 0.5, 1);
                        if (encoder.Count > 0 && ChunkAlignment.WindowOf(t, Window) != ChunkAlignment.WindowOf(encoder.MinTime, Window))
                        {
                            writer.AddChunk(s, Chronicle.Storage.FieldType.Double, encoder.Encoded, encoder.Summary);
                            encoder.Reset();
                        }
                        encoder.Append(t, BitConverter.DoubleToInt64Bits(value));
                    }
                    writer.AddChunk(s, Chronicle.Storage.FieldType.Double, encoder.Encoded, encoder.Summary);
                    encoder.Reset();
                }
                writer.Finish();
            }
            _readers[k] = SegmentReader.Open(fs, path);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var r in _readers) r.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One merge of the four inputs; returns the output's sample count.</summary>
    [Benchmark]
    public long Merge()
    {
        string output = Path.Combine(_dir, "out.seg");
        var info = SegmentMerger.Merge(PhysicalFileSystem.Instance, _readers.Select((r, i) => (r, (long)i + 1)).ToArray(), output, 100, 1, 0, [], long.MinValue, MaxSamples);
        File.Delete(output);
        return info.SampleCount;
    }
}
