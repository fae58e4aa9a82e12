using BenchmarkDotNet.Attributes;
using Chronicle.Sql.Execution;
using Chronicle.Storage;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Sql;

/// <summary>
/// SQL query path over a generated data set: 100 hosts x 10 DOUBLE fields x 12 hours at 10 s
/// (4,320 samples per series, 4.32 M samples), written through <see cref="TableWriter"/> and flushed
/// to segments so chunk summaries exist. Compares <c>avg(field)</c> over everything with aggregate
/// pushdown (chunks folded from their summaries) and without it (every sample decoded and aligned
/// into rows), plus a grouped pushdown and the lastpoint query.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *QueryBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private const int Hosts = 100, Fields = 10, Points = 12 * 360;
    private const long Step = 10_000_000_000;
    private string _directory = "";
    private StorageEngine _engine = null!;
    private SqlDatabase _database = null!;
    private SqlSession _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "chronicle-bench-" + Guid.NewGuid().ToString("n"));
        _engine = StorageEngine.Open(_directory, new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero });
        _database = new SqlDatabase(_engine);
        _session = _database.OpenSession();
        var fields = string.Join(", ", Enumerable.Range(0, Fields).Select(f => $"f{f} DOUBLE"));
        Run($"CREATE TABLE cpu (time TIMESTAMP, host TAG, {fields})");
        long t0 = 1_714_521_600_000_000_000; // 2024-05-01T00:00:00Z
        var rng = new Random(42);
        var writer = new TableWriter(_engine, "cpu");
        var times = Enumerable.Range(0, Points).Select(i => t0 + i * Step).ToArray();
        var bits = new long[Points];
        for (int h = 0; h < Hosts; h++)
        {
            for (int f = 0; f < Fields; f++)
            {
                for (int i = 0; i < Points; i++) bits[i] = BitConverter.DoubleToInt64Bits(Math.Round(rng.NextDouble() * 100, 2));
                writer.AppendColumn([$"host_{h:D3}"], f, times, bits);
            }
            writer.WriteAsync().AsTask().GetAwaiter().GetResult();
        }
        _engine.FlushAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _engine.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private object? Run(string sql)
    {
        object? last = null;
        foreach (var r in _session.Execute(sql, SqlParameters.Empty))
        {
            if (r.Query is null) continue;
            using var q = r.Query;
            while (q.ReadBatch() is { } b) if (b.RowCount > 0) last = b.Columns[0].GetValue(0);
        }
        return last;
    }

    /// <summary>avg over all 432,000 samples of one field, folded from chunk summaries.</summary>
    [Benchmark(Baseline = true)]
    public object? AvgWithPushdown()
    {
        _database.AggregatePushdown = true;
        return Run("SELECT avg(f0) FROM cpu");
    }

    /// <summary>The same avg with pushdown disabled: every sample decoded and aggregated row by row.</summary>
    [Benchmark]
    public object? AvgWithoutPushdown()
    {
        _database.AggregatePushdown = false;
        return Run("SELECT avg(f0) FROM cpu");
    }

    /// <summary>
    /// TSBS single-groupby-1-1-1's shape: max of one field of one host per minute over one hour
    /// (61 groups from 360 samples), warm; what is left is mostly per-query fixed cost.
    /// </summary>
    [Benchmark]
    public object? MinuteMaxOneHostOneHour()
    {
        _database.AggregatePushdown = true;
        return Run("SELECT time_bucket('1m', time) AS bucket, max(f0) AS max_f0 FROM cpu WHERE host IN ('host_052') " +
            "AND time >= '2024-05-01T02:17:05Z' AND time < '2024-05-01T03:17:05Z' GROUP BY bucket ORDER BY bucket");
    }

    /// <summary>Hourly avg per host over a bounded 12 h range (1,200 groups in the dense grid), ordered by bucket then host.</summary>
    [Benchmark]
    public object? HourlyAvgPerHostBounded()
    {
        _database.AggregatePushdown = true;
        return Run("SELECT host, time_bucket('1h', time) AS bucket, avg(f0) FROM cpu " +
            "WHERE time >= '2024-05-01T00:00:00Z' AND time < '2024-05-01T12:00:00Z' GROUP BY host, bucket ORDER BY bucket, host");
    }

    /// <summary>Hourly avg per host (1,200 groups), with pushdown.</summary>
    [Benchmark]
    public object? HourlyAvgPerHost()
    {
        _database.AggregatePushdown = true;
        return Run("SELECT host, time_bucket('1h', time), avg(f0) FROM cpu GROUP BY 1, 2");
    }

    /// <summary>The latest row of one host (top-N of one).</summary>
    [Benchmark]
    public object? LastPoint()
    {
        _database.AggregatePushdown = true;
        return Run("SELECT time, f0 FROM cpu WHERE host = 'host_042' ORDER BY time DESC LIMIT 1");
    }
}
