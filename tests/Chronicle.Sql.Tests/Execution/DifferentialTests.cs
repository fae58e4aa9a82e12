using System.Globalization;
using System.Text;
using Chronicle.Sql.Planning;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>
/// Differential testing against SQLite: the same rows go into SQLite and Chronicle, a seeded
/// generator writes a few hundred random queries in both dialects (time ranges, tag filters, field
/// filters, buckets as <c>time - time % width</c> in SQLite, aggregates, ORDER BY, LIMIT), and the
/// results must agree (doubles to a relative 1e-9). The seed is printed; set CHRONICLE_SEED to replay.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    private const long S = 1_000_000_000;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A table loaded into both databases.</summary>
    private sealed class Dataset
    {
        public required string Table { get; init; }
        public required string Time { get; init; }
        public required string[] Tags { get; init; }
        public required string[] Fields { get; init; }
        public required long[] BucketWidths { get; init; }
        public List<(long Time, string?[] Tags, double?[] Fields)> Rows { get; } = [];
        public long MinTime => Rows.Min(r => r.Time);
        public long MaxTime => Rows.Max(r => r.Time);
        public Dictionary<string, string[]> TagValues = [];
        public Dictionary<string, (double Min, double Max)> FieldRanges = [];

        public void Index()
        {
            for (int t = 0; t < Tags.Length; t++) TagValues[Tags[t]] = Rows.Select(r => r.Tags[t]!).Distinct().Order(StringComparer.Ordinal).ToArray();
            for (int f = 0; f < Fields.Length; f++)
            {
                var values = Rows.Where(r => r.Fields[f] is not null).Select(r => r.Fields[f]!.Value).ToArray();
                FieldRanges[Fields[f]] = (values.Min(), values.Max());
            }
        }
    }

    private int Seed()
    {
        var env = Environment.GetEnvironmentVariable("CHRONICLE_SEED");
        int seed = env is not null ? int.Parse(env, Inv) : Environment.TickCount & 0x7fffffff;
        output.WriteLine($"seed {seed} (replay with CHRONICLE_SEED={seed})");
        return seed;
    }

    [Fact]
    public async Task GeneratedCpuTableAcrossHeadAndSegments()
    {
        int seed = Seed();
        var rng = new Random(seed);
        var ds = new Dataset { Table = "cpu", Time = "time", Tags = ["host", "region"], Fields = ["usage_user", "usage_system", "usage_idle"], BucketWidths = [60 * S, 300 * S, 1800 * S, 3600 * S, 7 * S] };
        long t0 = TimeValuesNs("2024-05-01T00:00:00Z");
        for (int h = 0; h < 6; h++)
            for (int i = 0; i < 1500; i++)
            {
                if (rng.NextDouble() < 0.05) continue; // gaps
                var fields = new double?[3];
                for (int k = 0; k < 3; k++) fields[k] = rng.NextDouble() < 0.04 ? null : Math.Round(rng.NextDouble() * 100, 2);
                if (fields.All(v => v is null)) fields[0] = 1.5;
                ds.Rows.Add((t0 + i * 10 * S + h * 1000, [$"host_{h}", $"region_{h % 3}"], fields));
            }
        ds.Index();
        using var sqlite = LoadSqlite(ds);
        using var f = new SqlFixture(new Storage.StorageOptions { SyncMode = Storage.SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ShardDuration = TimeSpan.FromHours(1) });
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, host TAG, region TAG, usage_user DOUBLE, usage_system DOUBLE, usage_idle DOUBLE)");
        // The first 60% of rows in order and flushed to segments; the rest shuffled into the head.
        int cut = ds.Rows.Count * 6 / 10;
        InsertRows(f, ds, ds.Rows.Take(cut).ToList());
        await f.Engine.FlushAsync();
        InsertRows(f, ds, ds.Rows.Skip(cut).OrderBy(_ => rng.Next()).ToList());
        var queries = Enumerable.Range(0, 300).Select(_ => Generate(ds, rng)).ToList();
        int rows = Compare(f, sqlite, queries, seed, "head + segments");
        await f.Engine.FlushAsync();
        rows += Compare(f, sqlite, queries, seed, "after flush");
        output.WriteLine($"{queries.Count} queries x 2, {rows} result rows compared");
    }

    [Fact]
    public void WeatherCsv()
    {
        int seed = Seed();
        var ds = new Dataset { Table = "weather", Time = "date", Tags = ["location"], Fields = ["precipitation", "temp_max", "temp_min", "wind"], BucketWidths = [7 * 86400 * S, 30 * 86400 * S, 91 * 86400 * S, 365 * 86400 * S] };
        var path = Path.Combine(AppContext.BaseDirectory, "data", "weather.csv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var c = line.Split(',');
            ds.Rows.Add((TimeValuesNs(c[1]), [c[0]], [Num(c[2]), Num(c[3]), Num(c[4]), Num(c[5])]));
        }
        ds.Index();
        using var sqlite = LoadSqlite(ds);
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE weather (location TAG, date TIMESTAMP, precipitation DOUBLE, temp_max DOUBLE, temp_min DOUBLE, wind DOUBLE, weather VARCHAR)");
        Assert.Equal(ds.Rows.Count, f.Exec($"COPY weather FROM '{path}' (FORMAT CSV)"));
        var rng = new Random(seed);
        var queries = Enumerable.Range(0, 200).Select(_ => Generate(ds, rng)).ToList();
        int rows = Compare(f, sqlite, queries, seed, "weather");
        output.WriteLine($"{queries.Count} queries, {rows} result rows compared");
    }

    [Fact]
    public async Task SeattleHourlyNormalsCsv()
    {
        int seed = Seed();
        var ds = new Dataset { Table = "seattle", Time = "date", Tags = [], Fields = ["pressure", "temperature", "wind"], BucketWidths = [6 * 3600 * S, 86400 * S, 7 * 86400 * S, 30 * 86400 * S] };
        var path = Path.Combine(AppContext.BaseDirectory, "data", "seattle-weather-hourly-normals.csv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var c = line.Split(',');
            ds.Rows.Add((TimeValuesNs(c[0]), [], [Num(c[1]), Num(c[2]), Num(c[3])]));
        }
        ds.Index();
        using var sqlite = LoadSqlite(ds);
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE seattle (date TIMESTAMP, pressure DOUBLE, temperature DOUBLE, wind DOUBLE)");
        Assert.Equal(ds.Rows.Count, f.Exec($"COPY seattle FROM '{path}' (FORMAT CSV)"));
        await f.Engine.FlushAsync();
        var rng = new Random(seed);
        var queries = Enumerable.Range(0, 200).Select(_ => Generate(ds, rng)).ToList();
        int rows = Compare(f, sqlite, queries, seed, "seattle");
        output.WriteLine($"{queries.Count} queries, {rows} result rows compared");
    }

    /// <summary>Random arithmetic, comparisons and three-valued logic over BIGINT and DOUBLE columns with NULLs.</summary>
    [Fact]
    public void ExpressionsWithNulls()
    {
        int seed = Seed();
        var rng = new Random(seed);
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE t (time TIMESTAMP, g TAG, a BIGINT, b BIGINT, x DOUBLE, y DOUBLE)");
        using (var cmd = sqlite.CreateCommand()) { cmd.CommandText = "CREATE TABLE t (time INTEGER, g TEXT, a INTEGER, b INTEGER, x REAL, y REAL)"; cmd.ExecuteNonQuery(); }
        var values = new List<string>();
        for (int i = 0; i < 400; i++)
        {
            string N(string v) => rng.Next(8) == 0 ? "NULL" : v;
            string a = N(rng.Next(-50, 50).ToString(Inv)), b = rng.Next(10) == 0 ? "NULL" : (rng.Next(1, 20) * (rng.Next(2) == 0 ? -1 : 1)).ToString(Inv);
            string x = N(Lit(Math.Round(rng.NextDouble() * 200 - 100, 2))), y = N(Lit(Math.Round(rng.NextDouble() * 10, 3)));
            if (a == "NULL" && b == "NULL" && x == "NULL" && y == "NULL") a = "1";
            values.Add($"({1_000_000_000L * i}, 'g{i % 3}', {a}, {b}, {x}, {y})");
        }
        f.Exec("INSERT INTO t VALUES " + string.Join(", ", values));
        using (var cmd = sqlite.CreateCommand()) { cmd.CommandText = "INSERT INTO t VALUES " + string.Join(", ", values); cmd.ExecuteNonQuery(); }

        string Num(int depth)
        {
            if (depth <= 0 || rng.Next(3) == 0)
                return rng.Next(6) switch { 0 => "a", 1 => "b", 2 => "x", 3 => "y", 4 => rng.Next(-9, 10).ToString(Inv), _ => Lit(Math.Round(rng.NextDouble() * 10, 1)) };
            return rng.Next(6) switch
            {
                0 => $"({Num(depth - 1)} + {Num(depth - 1)})",
                1 => $"({Num(depth - 1)} - {Num(depth - 1)})",
                2 => $"({Num(depth - 1)} * {Num(depth - 1)})",
                3 => $"({Num(depth - 1)} / b)",
                4 => $"(a % b)",
                _ => $"(- {Num(depth - 1)})", // the space: "--" starts a comment
            };
        }
        string Bool(int depth)
        {
            if (depth <= 0 || rng.Next(3) == 0)
                return rng.Next(4) switch
                {
                    0 => $"{Num(1)} > {Num(1)}",
                    1 => $"{Num(1)} <= {Num(1)}",
                    2 => $"{Num(0)} IS NULL",
                    _ => $"{Num(1)} = {Num(0)}",
                };
            return rng.Next(3) switch
            {
                0 => $"({Bool(depth - 1)} AND {Bool(depth - 1)})",
                1 => $"({Bool(depth - 1)} OR {Bool(depth - 1)})",
                _ => $"(NOT {Bool(depth - 1)})",
            };
        }
        var queries = new List<(string, string)>();
        for (int i = 0; i < 150; i++)
        {
            string e1 = Num(3), e2 = Num(2), p = Bool(2), w = Bool(2);
            string q = $"SELECT time, {e1}, {e2}, {p} FROM t WHERE {w} ORDER BY time";
            queries.Add((q, q.Replace($", {p} FROM", $", CASE WHEN ({p}) IS NULL THEN NULL WHEN ({p}) THEN 1 ELSE 0 END FROM")));
            string agg = $"SELECT g, count({e1}), sum({e2}), min({e1}), max({e2}) FROM t WHERE {w} GROUP BY g ORDER BY g";
            queries.Add((agg, agg));
        }
        int rows = Compare(f, sqlite, queries, seed, "expressions");
        output.WriteLine($"{queries.Count} queries, {rows} result rows compared");
    }

    private static long TimeValuesNs(string s) => TimeValues.TryParse(s, out var ns) ? ns : throw new FormatException(s);

    private static double? Num(string s) => s.Length == 0 ? null : double.Parse(s, Inv);

    private static string Lit(double d) => d.ToString("R", Inv);

    private static SqliteConnection LoadSqlite(Dataset ds)
    {
        var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"PRAGMA case_sensitive_like = ON; CREATE TABLE {ds.Table} ({ds.Time} INTEGER, {string.Join("", ds.Tags.Select(t => t + " TEXT, "))}{string.Join(", ", ds.Fields.Select(x => x + " REAL"))})";
            cmd.ExecuteNonQuery();
        }
        using var tx = c.BeginTransaction();
        using var insert = c.CreateCommand();
        var names = new[] { ds.Time }.Concat(ds.Tags).Concat(ds.Fields).ToArray();
        insert.CommandText = $"INSERT INTO {ds.Table} VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
        var ps = names.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        foreach (var (time, tags, fields) in ds.Rows)
        {
            ps[0].Value = time;
            for (int t = 0; t < tags.Length; t++) ps[1 + t].Value = tags[t];
            for (int x = 0; x < fields.Length; x++) ps[1 + tags.Length + x].Value = fields[x] is { } v ? v : DBNull.Value;
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        return c;
    }

    private static void InsertRows(SqlFixture f, Dataset ds, List<(long Time, string?[] Tags, double?[] Fields)> rows)
    {
        var cols = string.Join(", ", new[] { ds.Time }.Concat(ds.Tags).Concat(ds.Fields));
        foreach (var chunk in rows.Chunk(400))
        {
            var sb = new StringBuilder($"INSERT INTO {ds.Table} ({cols}) VALUES ");
            sb.AppendJoin(", ", chunk.Select(r => $"({r.Time}, {string.Join("", r.Tags.Select(t => $"'{t}', "))}{string.Join(", ", r.Fields.Select(v => v is { } d ? Lit(d) : "NULL"))})"));
            f.Exec(sb.ToString());
        }
    }

    /// <summary>One random query as (Chronicle SQL, SQLite SQL).</summary>
    private static (string Chronicle, string Sqlite) Generate(Dataset ds, Random rng)
    {
        var (cw, sw) = Where(ds, rng);
        string field = ds.Fields[rng.Next(ds.Fields.Length)];
        string tagList = string.Join("", ds.Tags.Select(t => ", " + t));
        string aggs = RandomAggregates(ds, rng);
        int kind = rng.Next(ds.Tags.Length > 0 ? 8 : 5);
        switch (kind)
        {
            case 0: // raw rows
            {
                var fields = string.Join(", ", ds.Fields.OrderBy(_ => rng.Next()).Take(2));
                int limit = rng.Next(1, 300);
                string order = rng.Next(2) == 0 ? $"{ds.Time}{tagList}" : $"{ds.Time} DESC{string.Join("", ds.Tags.Select(t => $", {t} DESC"))}";
                string sql = $"SELECT {ds.Time}{tagList}, {fields} FROM {ds.Table}{{0}} ORDER BY {order} LIMIT {limit}";
                return (string.Format(Inv, sql, cw), string.Format(Inv, sql, sw));
            }
            case 1: // whole-table aggregates
                return ($"SELECT {aggs} FROM {ds.Table}{cw}", $"SELECT {aggs} FROM {ds.Table}{sw}");
            case 2: // time buckets (and maybe a tag)
            {
                long w = ds.BucketWidths[rng.Next(ds.BucketWidths.Length)];
                string tag = ds.Tags.Length > 0 && rng.Next(2) == 0 ? ds.Tags[rng.Next(ds.Tags.Length)] : "";
                string tagSel = tag.Length > 0 ? ", " + tag : "";
                string limit = rng.Next(3) == 0 ? $" LIMIT {rng.Next(1, 50)}" : "";
                var chron = rng.Next(2) == 0
                    ? $"SELECT time_bucket({w}, {ds.Time}) AS b{tagSel}, {aggs} FROM {ds.Table}{cw} GROUP BY b{tagSel} ORDER BY b{tagSel}{limit}"
                    : $"SELECT time_bucket('{w / S}s', {ds.Time}) AS b{tagSel}, {aggs} FROM {ds.Table}{cw} GROUP BY 1{tagSel} ORDER BY 1{tagSel}{limit}";
                var lite = $"SELECT ({ds.Time} - {ds.Time} % {w}) AS b{tagSel}, {aggs} FROM {ds.Table}{sw} GROUP BY b{tagSel} ORDER BY b{tagSel}{limit}";
                return (chron, lite);
            }
            case 3: // top-N by a field
            {
                int limit = rng.Next(1, 20);
                string dir = rng.Next(2) == 0 ? "DESC" : "ASC";
                string sql = $"SELECT {ds.Time}{tagList}, {field} FROM {ds.Table}{{0}} ORDER BY {field} {dir} NULLS LAST, {ds.Time}{tagList} LIMIT {limit}";
                return (string.Format(Inv, sql, cw), string.Format(Inv, sql, sw));
            }
            case 4: // arithmetic projections with NULLs, OFFSET
            {
                string f2 = ds.Fields[rng.Next(ds.Fields.Length)];
                string sql = $"SELECT {ds.Time}, {field} + {f2} * 2, {field} - 1.5, ({field} > {f2}) FROM {ds.Table}{{0}} ORDER BY {ds.Time}{tagList} LIMIT {rng.Next(1, 100)} OFFSET {rng.Next(0, 50)}";
                return (string.Format(Inv, sql, cw), string.Format(Inv, sql, sw).Replace($"({field} > {f2})", $"CASE WHEN {field} IS NULL OR {f2} IS NULL THEN NULL WHEN {field} > {f2} THEN 1 ELSE 0 END"));
            }
            case 6: // DISTINCT tags
            {
                string tag = ds.Tags[rng.Next(ds.Tags.Length)];
                return ($"SELECT DISTINCT {tag} FROM {ds.Table}{cw} ORDER BY {tag}", $"SELECT DISTINCT {tag} FROM {ds.Table}{sw} ORDER BY {tag}");
            }
            case 7: // HAVING over buckets and tags
            {
                long w = ds.BucketWidths[rng.Next(ds.BucketWidths.Length)];
                string tag = ds.Tags[rng.Next(ds.Tags.Length)];
                int min = rng.Next(1, 20);
                return ($"SELECT time_bucket({w}, {ds.Time}) AS b, {tag}, count({field}), max({field}) FROM {ds.Table}{cw} GROUP BY b, {tag} HAVING count(*) >= {min} ORDER BY b, {tag}",
                        $"SELECT ({ds.Time} - {ds.Time} % {w}) AS b, {tag}, count({field}), max({field}) FROM {ds.Table}{sw} GROUP BY b, {tag} HAVING count(*) >= {min} ORDER BY b, {tag}");
            }
            default: // group by tags
            {
                var tags = ds.Tags.OrderBy(_ => rng.Next()).Take(rng.Next(1, ds.Tags.Length + 1)).ToArray();
                string keys = string.Join(", ", tags);
                return ($"SELECT {keys}, {aggs} FROM {ds.Table}{cw} GROUP BY {keys} ORDER BY {keys}", $"SELECT {keys}, {aggs} FROM {ds.Table}{sw} GROUP BY {keys} ORDER BY {keys}");
            }
        }
    }

    private static string RandomAggregates(Dataset ds, Random rng)
    {
        var list = new List<string>();
        int n = rng.Next(1, 5);
        for (int i = 0; i < n; i++)
        {
            string f = ds.Fields[rng.Next(ds.Fields.Length)];
            list.Add(rng.Next(7) switch { 0 => "count(*)", 1 => $"count({f})", 2 => $"sum({f})", 3 => $"avg({f})", 4 => $"min({f})", 5 => $"max({f})", _ => $"avg({f} * 2 + 1)" });
        }
        return string.Join(", ", list);
    }

    /// <summary>A random WHERE clause in both dialects (or none).</summary>
    private static (string Chronicle, string Sqlite) Where(Dataset ds, Random rng)
    {
        var c = new List<string>();
        var s = new List<string>();
        long min = ds.MinTime, max = ds.MaxTime, span = max - min;
        if (rng.Next(3) > 0)
        {
            long a = min - span / 10 + (long)(rng.NextDouble() * span * 1.2);
            long b = a + (long)(rng.NextDouble() * span * 0.6);
            string T(long ns) => rng.Next(2) == 0 ? $"'{TimeValues.Format(ns)}'" : ns.ToString(Inv);
            switch (rng.Next(4))
            {
                case 0: c.Add($"{ds.Time} >= {T(a)} AND {ds.Time} < {T(b)}"); s.Add($"{ds.Time} >= {a} AND {ds.Time} < {b}"); break;
                case 1: c.Add($"{ds.Time} BETWEEN {T(a)} AND {T(b)}"); s.Add($"{ds.Time} BETWEEN {a} AND {b}"); break;
                case 2: c.Add($"{ds.Time} > {T(a)}"); s.Add($"{ds.Time} > {a}"); break;
                default: c.Add($"{ds.Time} <= {T(b)}"); s.Add($"{ds.Time} <= {b}"); break;
            }
        }
        if (ds.Tags.Length > 0 && rng.Next(2) == 0)
        {
            string tag = ds.Tags[rng.Next(ds.Tags.Length)];
            var values = ds.TagValues[tag];
            string v = values[rng.Next(values.Length)];
            string pred = rng.Next(5) switch
            {
                0 => $"{tag} = '{v}'",
                1 => $"{tag} != '{v}'",
                2 => $"{tag} IN ('{v}', '{values[rng.Next(values.Length)]}')",
                3 => $"{tag} NOT IN ('{v}')",
                _ => $"{tag} LIKE '{v[..Math.Min(2, v.Length)]}%'",
            };
            c.Add(pred);
            s.Add(pred);
        }
        if (rng.Next(3) == 0)
        {
            string f = ds.Fields[rng.Next(ds.Fields.Length)];
            var (lo, hi) = ds.FieldRanges[f];
            string v = Lit(Math.Round(lo + rng.NextDouble() * (hi - lo), 1));
            string pred = rng.Next(3) switch
            {
                0 => $"{f} > {v}",
                1 => $"{f} <= {v}",
                _ => $"({f} < {v} OR {ds.Fields[rng.Next(ds.Fields.Length)]} IS NULL)",
            };
            c.Add(pred);
            s.Add(pred);
        }
        return c.Count == 0 ? ("", "") : (" WHERE " + string.Join(" AND ", c), " WHERE " + string.Join(" AND ", s));
    }

    private int Compare(SqlFixture f, SqliteConnection sqlite, List<(string Chronicle, string Sqlite)> queries, int seed, string phase)
    {
        int total = 0;
        foreach (var (cq, sq) in queries)
        {
            List<object?[]> actual;
            try { actual = f.Rows(cq); }
            catch (Exception ex) { throw new Xunit.Sdk.XunitException($"seed {seed}, {phase}: Chronicle failed on\n  {cq}\n  {ex}"); }
            var expected = new List<object?[]>();
            using (var cmd = sqlite.CreateCommand())
            {
                cmd.CommandText = sq;
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    var row = new object?[r.FieldCount];
                    for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                    expected.Add(row);
                }
            }
            string context = $"seed {seed}, {phase}:\n  chronicle: {cq}\n  sqlite:    {sq}";
            Assert.True(expected.Count == actual.Count, $"{context}\n  {expected.Count} rows expected, {actual.Count} returned");
            for (int i = 0; i < expected.Count; i++)
                for (int j = 0; j < expected[i].Length; j++)
                    Assert.True(Same(expected[i][j], actual[i][j]), $"{context}\n  row {i}, column {j}: sqlite {expected[i][j] ?? "NULL"}, chronicle {actual[i][j] ?? "NULL"}");
            total += actual.Count;
        }
        return total;
    }

    private static bool Same(object? expected, object? actual)
    {
        if (expected is null || actual is null) return expected is null && actual is null;
        if (actual is bool b) actual = b ? 1L : 0L;
        if (expected is double || actual is double)
        {
            double x = Convert.ToDouble(expected, Inv), y = Convert.ToDouble(actual, Inv);
            return Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));
        }
        return Equals(expected, actual);
    }
}
