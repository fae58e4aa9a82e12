using Chronicle.Storage.Encoding;
using Chronicle.Storage.IO;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Tests.Compaction;

/// <summary>A sample as tests see it: the value word, or the text for VARCHAR.</summary>
internal readonly record struct TestSample(long Time, long Value, string? Text = null);

/// <summary>Writes segments from plain sample lists and reads them back.</summary>
internal static class MergeTestData
{
    public static FieldType TypeOf(long seriesId) => (FieldType)(seriesId % 4 + 1);

    /// <summary>Writes a segment; each series' samples (sorted, distinct times) are cut into chunks of the sizes <paramref name="chunkSizes"/> yields.</summary>
    public static SegmentInfo Write(string path, long id, SortedDictionary<long, List<TestSample>> series, Func<int> chunkSizes, Func<long, FieldType>? typeOf = null)
    {
        using var writer = new SegmentWriter(PhysicalFileSystem.Instance, path, id, 0, 0);
        foreach (var (seriesId, samples) in series)
        {
            var type = (typeOf ?? TypeOf)(seriesId);
            var encoder = new ChunkEncoder(type);
            int target = chunkSizes();
            foreach (var s in samples)
            {
                if (type == FieldType.VarChar) encoder.Append(s.Time, s.Text!);
                else encoder.Append(s.Time, s.Value);
                if (encoder.Count == target)
                {
                    writer.AddChunk(seriesId, type, encoder.Encoded, encoder.Summary);
                    encoder.Reset();
                    target = chunkSizes();
                }
            }
            if (encoder.Count > 0) writer.AddChunk(seriesId, type, encoder.Encoded, encoder.Summary);
        }
        return writer.Finish();
    }

    /// <summary>Every series of a segment, decoded, with its chunks' summaries and sample counts.</summary>
    public static SortedDictionary<long, (List<TestSample> Samples, List<ChunkSummary> Chunks)> Read(SegmentReader reader)
    {
        var result = new SortedDictionary<long, (List<TestSample>, List<ChunkSummary>)>();
        foreach (long id in reader.SeriesIds)
        {
            reader.TryGetSeries(id, out var type, out var refs);
            var samples = new List<TestSample>();
            var summaries = new List<ChunkSummary>();
            foreach (var r in refs.ToArray())
            {
                var bytes = reader.GetChunk(r);
                int n = ChunkCodec.GetCount(bytes);
                var ts = new long[n];
                var vs = new long[n];
                var strs = new string[n];
                ChunkCodec.Decode(bytes, ts, vs, strs);
                for (int i = 0; i < n; i++)
                    samples.Add(type == FieldType.VarChar ? new TestSample(ts[i], 0, strs[i]) : new TestSample(ts[i], vs[i]));
                summaries.Add(r.Summary);
            }
            result[id] = (samples, summaries);
        }
        return result;
    }

    /// <summary>The summary the encoder computes for these samples.</summary>
    public static ChunkSummary SummaryOf(FieldType type, IEnumerable<TestSample> samples)
    {
        var encoder = new ChunkEncoder(type);
        foreach (var s in samples)
        {
            if (type == FieldType.VarChar) encoder.Append(s.Time, s.Text!);
            else encoder.Append(s.Time, s.Value);
        }
        return encoder.Summary;
    }
}
