using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Storage;

/// <summary>
/// WAL replay at reopen (target: 10 M samples/s): a database directory whose WAL holds 2 M samples
/// of 1,000 series (a copy taken while the engine was open, as after a crash) is opened; the
/// reported time is per replayed sample. The 128 MiB case is in <c>storage-report replay</c>.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *WalReplay* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class WalReplayBenchmarks
{
    private const int Hosts = 100, Batches = 20, PerSeries = 100;
    private const int Samples = Hosts * 10 * PerSeries * Batches;

    private static readonly StorageOptions Options = new()
    {
        SyncMode = SyncMode.None, BufferSize = long.MaxValue, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false,
    };

    private string _snapshot = "";
    private string _directory = "";
    private StorageEngine? _reopened;

    [GlobalSetup]
    public void Setup()
    {
        string source = StorageFixtures.TempDirectory("bench-replay-src");
        _snapshot = StorageFixtures.TempDirectory("bench-replay-snap");
        var engine = StorageEngine.Open(source, Options);
        foreach (var b in StorageFixtures.ColumnarBatches(StorageFixtures.CreateCpuSeries(engine, Hosts), Batches, PerSeries)) engine.Write(b);
        StorageFixtures.CopyDirectory(source, _snapshot);
        engine.Dispose();
        StorageFixtures.TryDelete(source);
    }

    [IterationSetup]
    public void CopySnapshot()
    {
        _directory = StorageFixtures.TempDirectory("bench-replay");
        StorageFixtures.CopyDirectory(_snapshot, _directory);
    }

    [IterationCleanup]
    public void CloseCopy()
    {
        _reopened?.Dispose();
        _reopened = null;
        StorageFixtures.TryDelete(_directory);
    }

    [GlobalCleanup]
    public void Cleanup() => StorageFixtures.TryDelete(_snapshot);

    /// <summary>Opens the copy, replaying 2 M samples; time per sample.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    [InvocationCount(1, 1)]
    public void Reopen_2M_samples() => _reopened = StorageEngine.Open(_directory, Options);
}
