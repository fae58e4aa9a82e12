using Chronicle.Benchmarks.Encoding;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Encoding;

/// <summary>
/// Bytes per sample of DOUBLE chunk payloads (header included), 120 samples a chunk, on the data
/// sets of docs/benchmarks.md ("Chunk encodings"). The figures are printed; the bounds guard
/// against regressions of the encoding (the data are seeded or fixed, so the figures are exact).
/// </summary>
public class ChunkSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void Tsbs_like_data_costs_under_7_bytes_per_sample()
    {
        double bytes = ChunkSizeReport.BytesPerSample(EncodingDataSets.TsbsLike());
        output.WriteLine($"TSBS-like (100 hosts x 10 fields x 12 h at 10 s, seed 1): {bytes:F3} bytes/sample");
        Assert.InRange(bytes, 1, 7);
    }

    [Fact]
    public void Seattle_hourly_normals_bytes_per_sample()
    {
        var series = EncodingDataSets.SeattleHourly(EncodingDataSets.FindSampleData("seattle-weather-hourly-normals.csv"));
        Assert.Equal(3, series.Count);
        Assert.Equal(8759, series[0].Timestamps.Length);
        foreach (var s in series)
        {
            output.WriteLine($"seattle {s.Name}: {ChunkSizeReport.BytesPerSample([s]):F3} bytes/sample");
        }

        double bytes = ChunkSizeReport.BytesPerSample(series);
        output.WriteLine($"seattle-weather-hourly-normals (3 fields): {bytes:F3} bytes/sample");
        Assert.InRange(bytes, 1, 6);
    }
}
