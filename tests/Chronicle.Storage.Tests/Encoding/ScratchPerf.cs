using System.Diagnostics;
using Chronicle.Benchmarks.Encoding;
using Chronicle.Storage;
using Chronicle.Storage.Encoding;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Encoding;

public class ScratchPerf(ITestOutputHelper output)
{
    [Fact]
    public void Perf()
    {
        foreach (int dec in new[] { 2, -1 })
        {
            var s = EncodingDataSets.RandomWalk(120, dec, 1);
            var enc = new ChunkEncoder(FieldType.Double);
            var ts = new long[120]; var vs = new long[120];
            int n = 200000;
            for (int rep = 0; rep < 2; rep++)
            {
                var sw = Stopwatch.StartNew();
                for (int k = 0; k < n; k++) { enc.Reset(); for (int i = 0; i < 120; i++) enc.Append(s.Timestamps[i], s.Values[i]); }
                double encRate = 120.0 * n / sw.Elapsed.TotalSeconds / 1e6;
                byte[] chunk = enc.Encoded.ToArray();
                sw.Restart();
                for (int k = 0; k < n; k++) ChunkCodec.Decode(chunk, ts, vs);
                double decRate = 120.0 * n / sw.Elapsed.TotalSeconds / 1e6;
                output.WriteLine($"dec={dec} bytes={chunk.Length} enc {encRate:F1} M/s dec {decRate:F1} M/s");
                Assert.Equal(s.Values, vs);
                Assert.Equal(s.Timestamps, ts);
            }
        }
        output.WriteLine($"tsbs bytes/sample {ChunkSizeReport.BytesPerSample(EncodingDataSets.TsbsLike()):F3}");
        output.WriteLine($"seattle bytes/sample {ChunkSizeReport.BytesPerSample(EncodingDataSets.SeattleHourly(EncodingDataSets.FindSampleData("seattle-weather-hourly-normals.csv"))):F3}");
    }
}
