using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Chronicle.Benchmarks.Provider;
using Chronicle.Data;

namespace Chronicle.Benchmarks.Arrow;

/// <summary>
/// Getting 10 million rows out of Chronicle: <c>SELECT time, host, usage FROM t</c> over 100 series
/// (hosts) x 100,000 samples, exported as an Arrow IPC stream to <see cref="Stream.Null"/>
/// (<see cref="ChronicleCommand.ExecuteArrowAsync"/>: buffers copied batch by batch, the host tag
/// dictionary-encoded) versus read row by row through <see cref="ChronicleDataReader"/>
/// (GetInt64 / GetString / GetDouble per row). Both run the same query plan; the difference is the
/// per-row cost of the reader. OperationsPerInvoke is the row count, so the mean is per row;
/// MB/s counts the Arrow body, 20 bytes per row (8 time + 4 dictionary index + 8 usage).
/// The database is built once under the temp folder and reused by later runs.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *ExportBenchmarks* --job dry</c>.
/// Target: the export at least 5x the reader's rows/s.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ExportBenchmarks
{
    /// <summary>Series (hosts).</summary>
    public const int Hosts = 100;

    /// <summary>Samples per series.</summary>
    public const int SamplesPerHost = 100_000;

    /// <summary>Rows of the query.</summary>
    public const int Rows = Hosts * SamplesPerHost;

    private const string Sql = "SELECT time, host, usage FROM t";
    private const long T0 = 1_700_000_000_000_000_000, Step = 10_000_000_000; // 10 s

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(StatisticColumn.Median, new ThroughputColumn("rows/s", 1), new ThroughputColumn("MB/s", 20 / 1e6));
        }
    }

    private ChronicleConnection _connection = null!;

    /// <summary>The database directory (kept between runs; delete it to rebuild).</summary>
    public static string Directory => Path.Combine(Path.GetTempPath(), "chronicle-bench-arrow-export-v1");

    [GlobalSetup]
    public void Setup()
    {
        bool exists = System.IO.Directory.Exists(Directory);
        _connection = new ChronicleConnection($"Data Source={Directory};Sync Mode=None;Default Command Timeout=0");
        _connection.Open();
        if (exists && Count() == Rows) return;
        if (exists)
        {
            _connection.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
            _connection = new ChronicleConnection($"Data Source={Directory};Sync Mode=None;Default Command Timeout=0");
            _connection.Open();
        }
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (time TIMESTAMP, host TAG, usage DOUBLE)";
            create.ExecuteNonQuery();
        }
        var times = new long[SamplesPerHost];
        var values = new double[SamplesPerHost];
        var random = new Random(42);
        for (int i = 0; i < SamplesPerHost; i++) times[i] = T0 + i * Step;
        for (int h = 0; h < Hosts; h++)
        {
            using var bulk = _connection.BeginBulkInsert("t", "time", "host", "usage");
            double v = 50;
            for (int i = 0; i < SamplesPerHost; i++) values[i] = v = Math.Clamp(v + random.NextDouble() - 0.5, 0, 100);
            bulk.AppendColumns(times, [$"host-{h:D3}"], "usage", values);
            bulk.Complete();
        }
        if (Count() != Rows) throw new InvalidOperationException($"setup wrote {Count()} rows, expected {Rows}");
    }

    private long Count()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM t";
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    /// <summary>The query exported as an Arrow IPC stream to Stream.Null; returns the rows.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<long> ArrowStream()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = Sql;
        long rows = await cmd.ExecuteArrowAsync(Stream.Null, ArrowFormat.Stream);
        return rows == Rows ? rows : throw new InvalidOperationException($"exported {rows} rows");
    }

    /// <summary>
    /// The engine alone: the same query's column batches fetched and released (their arrays go back
    /// to the scan, as the export and the reader release them), neither converted nor read row by
    /// row (the floor under both other methods; internal API).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<long> EngineBatchesOnly()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = Sql;
        var reader = await cmd.ExecuteReaderForArrowAsync(async: true, default);
        long rows = 0;
        while (await reader.ReadBatchCoreAsync(async: true) is { } batch)
        {
            rows += batch.RowCount;
            batch.Lease?.Release();
        }
        await reader.CloseAsync();
        return rows == Rows ? rows : throw new InvalidOperationException($"read {rows} rows");
    }

    /// <summary>The same rows read through ChronicleDataReader, every value fetched with its typed getter.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public async Task<long> DataReader()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = Sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        long rows = 0, checksum = 0;
        double sum = 0;
        while (await reader.ReadAsync())
        {
            checksum += reader.GetInt64(0);
            checksum += reader.GetString(1).Length;
            sum += reader.GetDouble(2);
            rows++;
        }
        return rows == Rows ? rows + (long)sum + (checksum & 1) : throw new InvalidOperationException($"read {rows} rows");
    }
}
