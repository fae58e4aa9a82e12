using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Storage;

/// <summary>
/// Group commit (target: 100,000 rows/s): 64 concurrent writers, each writing one row (10 fields of
/// one host) per <see cref="StorageEngine.WriteAsync"/> in Always mode, so every acknowledgement
/// waits for an fsync that the group shares. The reported time is per row. The ceiling is
/// 64 rows per fsync: <c>storage-report commit</c> prints this disk's fsync latency.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *GroupCommit* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class GroupCommitBenchmarks
{
    private const int Writers = 64, Fields = 10, RowsPerWriter = 8;

    private string _directory = "";
    private StorageEngine _engine = null!;
    private long[] _ids = [];
    private readonly long[] _nextTime = new long[Writers];

    [GlobalSetup]
    public void Setup()
    {
        _directory = StorageFixtures.TempDirectory("bench-commit");
        _engine = StorageEngine.Open(_directory, new StorageOptions { SyncMode = SyncMode.Always, FlushInterval = TimeSpan.Zero, BackgroundCompaction = false });
        _ids = StorageFixtures.CreateCpuSeries(_engine, Writers, Fields);
        Array.Fill(_nextTime, StorageFixtures.Start);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        StorageFixtures.TryDelete(_directory);
    }

    /// <summary>64 writers x 8 rows, each row its own Always-mode write; time per row.</summary>
    [Benchmark(OperationsPerInvoke = Writers * RowsPerWriter)]
    public Task Always_64_writers_one_row_each()
    {
        var tasks = new Task[Writers];
        for (int w = 0; w < Writers; w++)
        {
            int writer = w;
            tasks[w] = Task.Run(async () =>
            {
                var batch = new SampleBatch();
                for (int r = 0; r < RowsPerWriter; r++)
                {
                    long t = _nextTime[writer];
                    _nextTime[writer] = t + StorageFixtures.TenSeconds;
                    batch.Clear();
                    for (int f = 0; f < Fields; f++) batch.Append(_ids[writer * Fields + f], t, 42.0 + f);
                    await _engine.WriteAsync(batch);
                }
            });
        }
        return Task.WhenAll(tasks);
    }
}
