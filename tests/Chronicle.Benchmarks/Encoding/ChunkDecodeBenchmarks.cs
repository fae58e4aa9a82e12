using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Encoding;

namespace Chronicle.Benchmarks.Encoding;

/// <summary>
/// Decoding one DOUBLE chunk of 120 samples (regular 10 s timestamps) into reused arrays.
/// Samples per second = 120 x operations per second.
/// </summary>
[MemoryDiagnoser]
public class ChunkDecodeBenchmarks
{
    private const int ChunkSize = 120;
    private byte[] _chunk = [];
    private readonly long[] _timestamps = new long[ChunkSize];
    private readonly long[] _values = new long[ChunkSize];

    /// <summary>Which values: a random walk rounded to 2 decimals, or at full precision.</summary>
    [Params("walk-2dp", "walk-full")]
    public string Data { get; set; } = "walk-2dp";

    [GlobalSetup]
    public void Setup()
    {
        var series = EncodingDataSets.RandomWalk(ChunkSize, Data == "walk-2dp" ? 2 : -1, seed: 1);
        _chunk = ChunkCodec.Encode(FieldType.Double, series.Timestamps, series.Values);
    }

    /// <summary>Decodes the 120 samples and returns the count.</summary>
    [Benchmark]
    public int Decode120() => ChunkCodec.Decode(_chunk, _timestamps, _values);
}
