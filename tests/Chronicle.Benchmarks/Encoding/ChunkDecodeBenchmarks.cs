using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Encoding;

namespace Chronicle.Benchmarks.Encoding;

/// <summary>
/// Decoding one chunk of 120 samples (regular 10 s timestamps) into reused arrays: DOUBLE random
/// walks, or a BIGINT counter. Samples per second = 120 x operations per second.
/// </summary>
[MemoryDiagnoser]
public class ChunkDecodeBenchmarks
{
    private const int ChunkSize = 120;
    private byte[] _chunk = [];
    private readonly long[] _timestamps = new long[ChunkSize];
    private readonly long[] _values = new long[ChunkSize];

    /// <summary>Which values: a DOUBLE random walk rounded to 2 decimals or at full precision, or a BIGINT counter (steps 0 to 5,000).</summary>
    [Params("walk-2dp", "walk-full", "counter")]
    public string Data { get; set; } = "walk-2dp";

    [GlobalSetup]
    public void Setup()
    {
        var series = EncodingDataSets.RandomWalk(ChunkSize, Data == "walk-2dp" ? 2 : -1, seed: 1);
        if (Data == "counter")
        {
            var random = new Random(1);
            long counter = 1_000_000;
            var counts = series.Timestamps.Select(_ => counter += random.Next(0, 5_000)).ToArray();
            _chunk = ChunkCodec.Encode(FieldType.BigInt, series.Timestamps, counts);
            return;
        }

        _chunk = ChunkCodec.Encode(FieldType.Double, series.Timestamps, series.Values);
    }

    /// <summary>Decodes the 120 samples and returns the count.</summary>
    [Benchmark]
    public int Decode120() => ChunkCodec.Decode(_chunk, _timestamps, _values);
}
