using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Chronicle.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Chronicle.Benchmarks.Provider;

/// <summary>
/// Insert throughput through the ADO.NET provider, side by side with Microsoft.Data.Sqlite doing the
/// same work in one run: rows of (time, host tag, four DOUBLE fields) — 10 hosts, one row per host
/// every 10 s, <see cref="Rows"/> rows per invocation, timestamps advancing so nothing is
/// overwritten. Three ways to insert, each a category with SQLite as its baseline:
/// <list type="bullet">
/// <item><description>Dapper multi-row INSERT: statements of <see cref="RowsPerStatement"/> rows (VALUES lists of parameters), one transaction.</description></item>
/// <item><description>Prepared INSERT of one row, parameters rebound per row, in one transaction.</description></item>
/// <item><description>Bulk: Chronicle's <see cref="ChronicleBulkInserter"/> row by row (StartRow/Write/Complete) and column-wise
/// (<see cref="ChronicleBulkInserter.AppendColumns"/>: per host, one call per field over its 1,000 timestamps); SQLite has
/// no bulk API, so its side is its fastest path, the prepared INSERT in a transaction.</description></item>
/// </list>
/// Durability is comparable: Chronicle <c>Sync Mode=Interval</c> (WAL written, fsync within 1 s);
/// SQLite <c>journal_mode=WAL</c>, <c>synchronous=NORMAL</c>, with an index on (host, time) as a
/// time-series table needs. rows/s and samples/s (4 samples per row) come from the mean.
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *InsertBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[Config(typeof(Config))]
public class InsertBenchmarks
{
    /// <summary>Rows per benchmark invocation.</summary>
    public const int Rows = 10_000;

    /// <summary>Rows per multi-row INSERT statement.</summary>
    public const int RowsPerStatement = 100;

    private const int Hosts = 10, FieldsPerRow = 4;
    private const long Step = 10_000_000_000; // 10 s in nanoseconds
    private static readonly DateTime Epoch = new(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ThroughputColumn("rows/s", 1), new ThroughputColumn("samples/s", FieldsPerRow));
        }
    }

    private string _root = "";
    private ChronicleDataSource _chronicleSource = null!;
    private ChronicleConnection _chronicle = null!;
    private SqliteConnection _sqlite = null!;
    private long _tick;
    private string _multiRowSql = "";
    private readonly string[] _hosts = Enumerable.Range(0, Hosts).Select(h => $"host_{h}").ToArray();
    private readonly Random _random = new(42);

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "chronicle-insert-bench-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(_root);
        _chronicleSource = ChronicleDataSource.Create($"Data Source={Path.Combine(_root, "chronicle")};Sync Mode=Interval");
        _chronicle = _chronicleSource.OpenConnection();
        _chronicle.Execute("CREATE TABLE cpu (time TIMESTAMP, host TAG, usage_user DOUBLE, usage_system DOUBLE, usage_idle DOUBLE, usage_iowait DOUBLE)");

        _sqlite = new SqliteConnection($"Data Source={Path.Combine(_root, "sqlite.db")}");
        _sqlite.Open();
        _sqlite.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        _sqlite.Execute("CREATE TABLE cpu (time INTEGER NOT NULL, host TEXT NOT NULL, usage_user REAL, usage_system REAL, usage_idle REAL, usage_iowait REAL)");
        _sqlite.Execute("CREATE INDEX cpu_host_time ON cpu (host, time)");

        var sql = new StringBuilder("INSERT INTO cpu (time, host, usage_user, usage_system, usage_idle, usage_iowait) VALUES ");
        for (int i = 0; i < RowsPerStatement; i++)
            sql.Append(i == 0 ? "" : ", ").Append($"(@t{i}, @h{i}, @a{i}, @b{i}, @c{i}, @d{i})");
        _multiRowSql = sql.ToString();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _chronicle.Dispose();
        _chronicleSource.Dispose();
        _sqlite.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>The next row: host round-robin, time advancing one step per full round of hosts.</summary>
    private (DateTime Time, long Nanoseconds, string Host, double A, double B, double C, double D) NextRow()
    {
        long i = _tick++;
        long ns = (Epoch - DateTime.UnixEpoch).Ticks * 100 + i / Hosts * Step;
        return (DateTime.UnixEpoch.AddTicks(ns / 100), ns, _hosts[i % Hosts], _random.NextDouble() * 100, _random.NextDouble() * 10, _random.NextDouble() * 100, _random.NextDouble());
    }

    private DynamicParameters NextStatementParameters(bool nanosecondTime)
    {
        var p = new DynamicParameters();
        for (int i = 0; i < RowsPerStatement; i++)
        {
            var r = NextRow();
            p.Add($"t{i}", nanosecondTime ? r.Nanoseconds : r.Time);
            p.Add($"h{i}", r.Host);
            p.Add($"a{i}", r.A);
            p.Add($"b{i}", r.B);
            p.Add($"c{i}", r.C);
            p.Add($"d{i}", r.D);
        }
        return p;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows), BenchmarkCategory("Dapper multi-row INSERT")]
    public void Sqlite_DapperMultiRow()
    {
        using var tx = _sqlite.BeginTransaction();
        for (int s = 0; s < Rows / RowsPerStatement; s++) _sqlite.Execute(_multiRowSql, NextStatementParameters(nanosecondTime: true), tx);
        tx.Commit();
    }

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Dapper multi-row INSERT")]
    public void Chronicle_DapperMultiRow()
    {
        using var tx = _chronicle.BeginTransaction();
        for (int s = 0; s < Rows / RowsPerStatement; s++) _chronicle.Execute(_multiRowSql, NextStatementParameters(nanosecondTime: false), tx);
        tx.Commit();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows), BenchmarkCategory("Prepared INSERT in a transaction")]
    public void Sqlite_PreparedInTransaction() => SqlitePrepared();

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Prepared INSERT in a transaction")]
    public void Chronicle_PreparedInTransaction()
    {
        using var tx = _chronicle.BeginTransaction();
        using var cmd = _chronicle.CreateCommand();
        cmd.CommandText = "INSERT INTO cpu (time, host, usage_user, usage_system, usage_idle, usage_iowait) VALUES (@t, @h, @a, @b, @c, @d)";
        var t = cmd.Parameters.AddWithValue("t", DateTime.UnixEpoch);
        var h = cmd.Parameters.AddWithValue("h", "");
        var a = cmd.Parameters.AddWithValue("a", 0.0);
        var b = cmd.Parameters.AddWithValue("b", 0.0);
        var c = cmd.Parameters.AddWithValue("c", 0.0);
        var d = cmd.Parameters.AddWithValue("d", 0.0);
        cmd.Prepare();
        for (int i = 0; i < Rows; i++)
        {
            var r = NextRow();
            (t.Value, h.Value, a.Value, b.Value, c.Value, d.Value) = (r.Time, r.Host, r.A, r.B, r.C, r.D);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows), BenchmarkCategory("Bulk")]
    public void Sqlite_Bulk_PreparedInTransaction() => SqlitePrepared();

    private static readonly string[] FieldNames = ["usage_user", "usage_system", "usage_idle", "usage_iowait"];
    private readonly long[] _columnTimes = new long[Rows / Hosts];
    private readonly double[][] _columnValues = [.. Enumerable.Range(0, FieldsPerRow).Select(_ => new double[Rows / Hosts])];

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Bulk")]
    public void Chronicle_BulkAppendColumns()
    {
        using var bulk = _chronicle.BeginBulkInsert("cpu", "time", "host", "usage_user", "usage_system", "usage_idle", "usage_iowait");
        long first = (Epoch - DateTime.UnixEpoch).Ticks * 100 + _tick / Hosts * Step;
        _tick += Rows;
        for (int i = 0; i < _columnTimes.Length; i++) _columnTimes[i] = first + i * Step;
        for (int h = 0; h < Hosts; h++)
        {
            string?[] tags = [_hosts[h]];
            for (int f = 0; f < FieldsPerRow; f++)
            {
                var values = _columnValues[f];
                for (int i = 0; i < values.Length; i++) values[i] = _random.NextDouble() * 100;
                bulk.AppendColumns(_columnTimes, tags, FieldNames[f], values);
            }
        }
        bulk.Complete();
    }

    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory("Bulk")]
    public void Chronicle_BulkInserter()
    {
        using var bulk = _chronicle.BeginBulkInsert("cpu", "time", "host", "usage_user", "usage_system", "usage_idle", "usage_iowait");
        for (int i = 0; i < Rows; i++)
        {
            var r = NextRow();
            bulk.StartRow();
            bulk.Write(r.Nanoseconds);
            bulk.Write(r.Host);
            bulk.Write(r.A);
            bulk.Write(r.B);
            bulk.Write(r.C);
            bulk.Write(r.D);
        }
        bulk.Complete();
    }

    private void SqlitePrepared()
    {
        using var tx = _sqlite.BeginTransaction();
        using var cmd = _sqlite.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO cpu (time, host, usage_user, usage_system, usage_idle, usage_iowait) VALUES (@t, @h, @a, @b, @c, @d)";
        var t = cmd.Parameters.Add("@t", SqliteType.Integer);
        var h = cmd.Parameters.Add("@h", SqliteType.Text);
        var a = cmd.Parameters.Add("@a", SqliteType.Real);
        var b = cmd.Parameters.Add("@b", SqliteType.Real);
        var c = cmd.Parameters.Add("@c", SqliteType.Real);
        var d = cmd.Parameters.Add("@d", SqliteType.Real);
        cmd.Prepare();
        for (int i = 0; i < Rows; i++)
        {
            var r = NextRow();
            (t.Value, h.Value, a.Value, b.Value, c.Value, d.Value) = (r.Nanoseconds, r.Host, r.A, r.B, r.C, r.D);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }
}
