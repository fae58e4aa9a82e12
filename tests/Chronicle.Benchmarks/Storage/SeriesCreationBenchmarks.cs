using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;

namespace Chronicle.Benchmarks.Storage;

/// <summary>
/// Series creation (target: 200,000 new series/s): 100,000 new series (10,000 hosts x 10 fields)
/// through <see cref="StorageEngine.GetOrCreateSeries"/> in batches of 10,000, each batch one
/// durable SQLite transaction. The reported time is per series. The 1 M case is in
/// <c>storage-report memory</c>.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *SeriesCreation* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SeriesCreationBenchmarks
{
    private const int Hosts = 10_000, Fields = 10, Batch = 10_000;
    private const int Series = Hosts * Fields;

    private string _directory = "";
    private StorageEngine _engine = null!;
    private SeriesKey[] _keys = [];
    private readonly long[] _ids = new long[Series];

    [IterationSetup]
    public void Setup()
    {
        _directory = StorageFixtures.TempDirectory("bench-series");
        _engine = StorageEngine.Open(_directory, new StorageOptions { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false });
        _engine.CreateTable(StorageFixtures.CpuTable(Fields));
        var fields = Enumerable.Range(0, Fields).Select(f => $"usage_{f}").ToArray();
        _keys = new SeriesKey[Series];
        for (int h = 0; h < Hosts; h++)
        {
            var tags = TagSet.Create([new("hostname", $"host_{h:D6}")]);
            for (int f = 0; f < Fields; f++) _keys[h * Fields + f] = new SeriesKey("cpu", tags, fields[f]);
        }
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        StorageFixtures.TryDelete(_directory);
    }

    /// <summary>100,000 new series in 10 calls of 10,000; time per series.</summary>
    [Benchmark(OperationsPerInvoke = Series)]
    [InvocationCount(1, 1)]
    public void Create_100k_in_batches_of_10k()
    {
        for (int at = 0; at < Series; at += Batch)
            _engine.GetOrCreateSeries(_keys.AsSpan(at, Batch), _ids.AsSpan(at, Batch));
    }
}
