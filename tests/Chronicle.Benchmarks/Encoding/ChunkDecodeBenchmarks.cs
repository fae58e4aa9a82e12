using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Encoding;

namespace Chronicle.Benchmarks.Encoding;

/// <summary>
/// Decoding one chunk of 120 samples (regular 10 s timestamps) into reused arrays: DOUBLE random
/// walks, or a BIGINT counter; as a head chunk (format version 1, the interleaved bit stream) or
/// as flush and compaction store it in a segment (<c>ChunkEncoder.SegmentEncoded</c>: for DOUBLE the
/// smaller of version 1 and the block-packed version 2). Samples per second = 120 x operations per second.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *ChunkDecodeBenchmarks* --job short</c>.
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

    /// <summary>Whether the chunk is encoded as a segment stores it (else as a head chunk).</summary>
    [Params(false, true)]
    public bool Segment { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var series = EncodingDataSets.RandomWalk(ChunkSize, Data == "walk-2dp" ? 2 : -1, seed: 1);
        if (Data == "counter")
        {
            var random = new Random(1);
            long counter = 1_000_000;
            var counts = series.Timestamps.Select(_ => counter += random.Next(0, 5_000)).ToArray();
            _chunk = Encode(FieldType.BigInt, series.Timestamps, counts);
            return;
        }

        _chunk = Encode(FieldType.Double, series.Timestamps, series.Values);
    }

    private byte[] Encode(FieldType type, long[] timestamps, long[] values)
    {
        var encoder = new ChunkEncoder(type, forSegments: Segment);
        encoder.AppendRange(timestamps, values);
        return (Segment ? encoder.SegmentEncoded : encoder.Encoded).ToArray();
    }

    /// <summary>Decodes the 120 samples and returns the count.</summary>
    [Benchmark]
    public int Decode120() => ChunkCodec.Decode(_chunk, _timestamps, _values);
}
