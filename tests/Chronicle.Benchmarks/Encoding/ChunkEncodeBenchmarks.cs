using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Encoding;

namespace Chronicle.Benchmarks.Encoding;

/// <summary>
/// Encoding one DOUBLE chunk of 120 samples (regular 10 s timestamps) into a reused head-chunk
/// encoder. Samples per second = 120 x operations per second.
/// </summary>
[MemoryDiagnoser]
public class ChunkEncodeBenchmarks
{
    private const int ChunkSize = 120;
    private readonly ChunkEncoder _encoder = new(FieldType.Double);
    private long[] _timestamps = [];
    private long[] _values = [];

    /// <summary>Which values: a random walk rounded to 2 decimals, or at full precision.</summary>
    [Params("walk-2dp", "walk-full")]
    public string Data { get; set; } = "walk-2dp";

    [GlobalSetup]
    public void Setup()
    {
        var series = EncodingDataSets.RandomWalk(ChunkSize, Data == "walk-2dp" ? 2 : -1, seed: 1);
        _timestamps = series.Timestamps;
        _values = series.Values;
    }

    /// <summary>Appends 120 samples and returns the chunk length in bytes.</summary>
    [Benchmark]
    public int Encode120()
    {
        var encoder = _encoder;
        encoder.Reset();
        long[] timestamps = _timestamps;
        long[] values = _values;
        for (int i = 0; i < timestamps.Length; i++)
        {
            encoder.Append(timestamps[i], values[i]);
        }

        return encoder.Encoded.Length;
    }
}
