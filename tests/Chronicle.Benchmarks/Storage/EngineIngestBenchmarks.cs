using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Storage;

/// <summary>
/// Engine ingest (target: 10 M samples/s): columnar batches of 1,000 series (100 hosts x 10 fields)
/// x 100 samples through <see cref="StorageEngine.WriteAsync"/> in Interval mode, WAL and head
/// included, no flush during the run. The reported time is per sample.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *EngineIngest* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class EngineIngestBenchmarks
{
    private const int Hosts = 100, Batches = 20, PerSeries = 100;
    private const int Samples = Hosts * 10 * PerSeries * Batches;

    private string _directory = "";
    private StorageEngine _engine = null!;
    private SampleBatch[] _batches = [];

    /// <summary>A fresh engine per iteration, so every batch appends in order to empty head chunks' successors.</summary>
    [IterationSetup]
    public void Setup()
    {
        _directory = StorageFixtures.TempDirectory("bench-ingest");
        _engine = StorageEngine.Open(_directory, new StorageOptions
        {
            SyncMode = SyncMode.Interval, BufferSize = long.MaxValue, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false,
        });
        _batches = StorageFixtures.ColumnarBatches(StorageFixtures.CreateCpuSeries(_engine, Hosts), Batches, PerSeries);
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        StorageFixtures.TryDelete(_directory);
    }

    /// <summary>20 batches of 100,000 samples; time per sample.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    [InvocationCount(1, 1)]
    public async Task Columnar_1000_series_x_100()
    {
        foreach (var b in _batches) await _engine.WriteAsync(b);
    }
}
