using BenchmarkDotNet.Attributes;
using Chronicle.Storage;
using Chronicle.Storage.IO;
using Chronicle.Storage.Wal;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Wal;

/// <summary>
/// WAL append throughput on the real file system (a temporary directory):
/// 10,000-sample batches (encode + append) in Interval mode, and 64 concurrent single-record
/// appenders in Always mode, where group commit shares each fsync among the waiting appenders.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *WalAppend* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class WalAppendBenchmarks
{
    private const int BatchesPerInvoke = 20;
    private const int Appenders = 64;
    private const int AppendsPerAppender = 4;

    private string _directory = "";
    private WriteAheadLog _interval = null!;
    private WriteAheadLog _always = null!;
    private SampleBatch _batch = null!;
    private readonly byte[] _small = new byte[64];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "chronicle-wal-bench-" + Guid.NewGuid().ToString("N"));
        var fs = PhysicalFileSystem.Instance;
        _interval = WriteAheadLog.Open(fs, Path.Combine(_directory, "interval"), WalOptions.Default, out _);
        _always = WriteAheadLog.Open(fs, Path.Combine(_directory, "always"), WalOptions.Default with { SyncMode = SyncMode.Always }, out _);
        _batch = new SampleBatch();
        var ts = new long[100];
        var values = new double[100];
        for (int s = 0; s < 100; s++)
        {
            for (int i = 0; i < ts.Length; i++)
            {
                ts[i] = 1_700_000_000_000_000_000 + i * 10_000_000_000L;
                values[i] = 20 + Math.Sin(s + i * 0.1);
            }
            _batch.AppendRange(s + 1, ts, values);
        }
        Random.Shared.NextBytes(_small);
    }

    /// <summary>Keeps the temporary directory small: everything appended so far is checkpointed away.</summary>
    [IterationCleanup]
    public void Trim()
    {
        foreach (var wal in new[] { _interval, _always })
        {
            wal.RotateNow();
            wal.Checkpoint(wal.NextPosition, []);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _interval.Dispose();
        _always.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One 10,000-sample batch: encode and append, Interval mode (acknowledged after the write call).</summary>
    [Benchmark(OperationsPerInvoke = BatchesPerInvoke)]
    public async Task Interval_10k_sample_batch()
    {
        for (int i = 0; i < BatchesPerInvoke; i++)
            await _interval.AppendAsync(WalRecordType.Samples, WalCodec.EncodeSamples(_batch));
    }

    /// <summary>One 64-byte record from one of 64 concurrent appenders, Always mode (acknowledged after fsync).</summary>
    [Benchmark(OperationsPerInvoke = Appenders * AppendsPerAppender)]
    public Task Always_64_concurrent_appenders()
    {
        var tasks = new Task[Appenders];
        for (int a = 0; a < Appenders; a++)
        {
            tasks[a] = Task.Run(async () =>
            {
                for (int i = 0; i < AppendsPerAppender; i++) await _always.AppendAsync(WalRecordType.Samples, _small);
            });
        }
        return Task.WhenAll(tasks);
    }
}
