using BenchmarkDotNet.Attributes;
using Chronicle.Arrow;

namespace Chronicle.Benchmarks.Arrow;

/// <summary>
/// Writes 1,000,000 rows (timestamp, dictionary-encoded tag, three doubles) in batches of 65,536 to
/// a stream that discards its input, measuring the IPC writers alone (the columns are built once).
/// </summary>
[MemoryDiagnoser]
public class ArrowWriteBenchmarks
{
    private const int Rows = 1_000_000;
    private const int BatchSize = 65_536;

    private ArrowSchema _schema = null!;
    private ArrowRecordBatch[] _batches = [];

    [GlobalSetup]
    public void Setup()
    {
        _schema = new ArrowSchema(
            new ArrowField("time", ArrowType.Timestamp(TimeUnit.Nanosecond, "UTC"), nullable: false),
            ArrowField.DictionaryUtf8("host", 0, nullable: false),
            new ArrowField("cpu", ArrowType.Float64),
            new ArrowField("mem", ArrowType.Float64),
            new ArrowField("load", ArrowType.Float64));
        var hosts = new ArrowDictionaryBuilder();
        var random = new Random(1);
        var batches = new List<ArrowRecordBatch>();
        for (int start = 0; start < Rows; start += BatchSize)
        {
            int n = Math.Min(BatchSize, Rows - start);
            var time = new long[n];
            var host = new string?[n];
            var cpu = new double[n];
            var mem = new double[n];
            var load = new double[n];
            for (int i = 0; i < n; i++)
            {
                time[i] = 1_704_067_200_000_000_000L + (start + i) * 1_000_000_000L;
                host[i] = "host-" + ((start + i) % 100);
                cpu[i] = random.NextDouble() * 100;
                mem[i] = random.NextDouble() * 64e9;
                load[i] = random.NextDouble() * 8;
            }
            batches.Add(new ArrowRecordBatch(_schema, [
                ArrowArray.FromMemory(ArrowType.Timestamp(), time), hosts.Encode(host),
                ArrowArray.FromMemory(ArrowType.Float64, cpu), ArrowArray.FromMemory(ArrowType.Float64, mem),
                ArrowArray.FromMemory(ArrowType.Float64, load)]));
        }
        _batches = batches.ToArray();
    }

    /// <summary>The IPC streaming format.</summary>
    [Benchmark(Baseline = true)]
    public void StreamFormat()
    {
        using var writer = new ArrowStreamWriter(Stream.Null, _schema, leaveOpen: true);
        foreach (var batch in _batches) writer.WriteBatch(batch);
        writer.Finish();
    }

    /// <summary>The IPC file format (adds the footer).</summary>
    [Benchmark]
    public void FileFormat()
    {
        using var writer = new ArrowFileWriter(Stream.Null, _schema, leaveOpen: true);
        foreach (var batch in _batches) writer.WriteBatch(batch);
        writer.Finish();
    }

    /// <summary>The streaming format through the async API.</summary>
    [Benchmark]
    public async Task StreamFormatAsync()
    {
        await using var writer = new ArrowStreamWriter(Stream.Null, _schema, leaveOpen: true);
        foreach (var batch in _batches) await writer.WriteBatchAsync(batch);
        await writer.FinishAsync();
    }
}
