using BenchmarkDotNet.Attributes;
using Chronicle.Storage.Wal;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Wal;

/// <summary>
/// Samples payload codec on 1,000,000 samples (1,000 series × 1,000 samples, 10 s apart, DOUBLE gauges).
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *WalCodec* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class WalCodecBenchmarks
{
    private SampleBatch _batch = null!;
    private byte[] _payload = null!;
    private readonly SampleBatch _into = new();

    [GlobalSetup]
    public void Setup()
    {
        _batch = new SampleBatch();
        var ts = new long[1000];
        var values = new double[1000];
        for (int s = 0; s < 1000; s++)
        {
            for (int i = 0; i < ts.Length; i++)
            {
                ts[i] = 1_700_000_000_000_000_000 + i * 10_000_000_000L;
                values[i] = 20 + Math.Round(Math.Sin(s + i * 0.01), 2);
            }
            _batch.AppendRange(s + 1, ts, values);
        }
        _payload = WalCodec.EncodeSamples(_batch);
    }

    /// <summary>Encode 1 M samples into a Samples payload.</summary>
    [Benchmark]
    public int Encode_1M_samples() => WalCodec.EncodeSamples(_batch).Length;

    /// <summary>Decode 1 M samples into a reused batch.</summary>
    [Benchmark]
    public int Decode_1M_samples()
    {
        _into.Clear();
        WalCodec.DecodeSamples(_payload, _into);
        return _into.Count;
    }
}
