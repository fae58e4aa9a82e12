using System.Globalization;
using Chronicle.Sql.Execution;
using Chronicle.Sql.Planning;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>
/// Calendar buckets: <c>time_bucket('1 month', time)</c>, <c>'3 months'</c>, <c>'1 year'</c>, their
/// spellings (1mo, 1y, INTERVAL '1 month', SAMPLE BY 1mo), boundaries (the last nanosecond of a
/// month, leap-year February, December to January, times before 1970), origins, errors, results
/// against SQLite's <c>strftime('%Y-%m')</c>, and head versus segment reads.
/// </summary>
public class CalendarBucketTests(ITestOutputHelper output)
{
    private static long Ns(string iso) => SqlFixture.Ns(iso);

    private static string Iso(object? ns) => TimeValues.Format((long)ns!);

    private static string Bucket(SqlFixture f, string width, string time, string? origin = null) =>
        Iso(f.Scalar($"SELECT time_bucket({width}, TIMESTAMP '{time}'{(origin is null ? "" : $", '{origin}'")})"));

    [Theory]
    [InlineData("2024-01-31T23:59:59.999999999Z", "2024-01-01T00:00:00Z")]
    [InlineData("2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z")]
    [InlineData("2024-02-29T12:00:00Z", "2024-02-01T00:00:00Z")] // leap day
    [InlineData("2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z")]
    [InlineData("2023-02-28T23:59:59.999999999Z", "2023-02-01T00:00:00Z")]
    [InlineData("2023-12-31T23:59:59.999999999Z", "2023-12-01T00:00:00Z")] // December -> January
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59.999999999Z", "1969-12-01T00:00:00Z")] // -1 ns
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z")]
    [InlineData("1900-02-28T23:00:00Z", "1900-02-01T00:00:00Z")] // 1900 is not a leap year
    [InlineData("1678-01-15T00:00:00Z", "1678-01-01T00:00:00Z")]
    [InlineData("2262-04-11T00:00:00Z", "2262-04-01T00:00:00Z")]
    public void One_month_buckets_start_on_the_first_of_the_month(string time, string expected)
    {
        using var f = new SqlFixture();
        Assert.Equal(expected, Bucket(f, "'1 month'", time));
    }

    [Theory]
    [InlineData("'1 year'", "2023-12-31T23:59:59.999999999Z", null, "2023-01-01T00:00:00Z")]
    [InlineData("'1 year'", "2024-01-01T00:00:00Z", null, "2024-01-01T00:00:00Z")]
    [InlineData("'1 year'", "1969-06-30T00:00:00Z", null, "1969-01-01T00:00:00Z")]
    [InlineData("'3 months'", "2024-05-15T00:00:00Z", null, "2024-04-01T00:00:00Z")] // quarters from 2000-01-01
    [InlineData("'3 months'", "2024-03-31T23:59:59.999999999Z", null, "2024-01-01T00:00:00Z")]
    [InlineData("'3 months'", "1969-11-05T00:00:00Z", null, "1969-10-01T00:00:00Z")]
    [InlineData("'3 months'", "2024-05-15T00:00:00Z", "2024-02-01T00:00:00Z", "2024-05-01T00:00:00Z")]
    [InlineData("'3 months'", "2024-01-15T00:00:00Z", "2024-02-01T00:00:00Z", "2023-11-01T00:00:00Z")] // before the origin
    [InlineData("'5 months'", "2000-06-01T00:00:00Z", null, "2000-06-01T00:00:00Z")]
    [InlineData("'5 months'", "1999-12-31T00:00:00Z", null, "1999-08-01T00:00:00Z")]
    [InlineData("'1 year'", "2024-03-01T00:00:00Z", "2000-07-01T00:00:00Z", "2023-07-01T00:00:00Z")]
    [InlineData("'1 month'", "2024-03-09T00:00:00Z", "1950-06-01T00:00:00Z", "2024-03-01T00:00:00Z")]
    [InlineData("'18 months'", "2001-07-01T00:00:00Z", null, "2001-07-01T00:00:00Z")]
    [InlineData("'18 months'", "2001-06-30T23:59:59Z", null, "2000-01-01T00:00:00Z")]
    public void Multi_month_buckets_align_to_the_origin(string width, string time, string? origin, string expected)
    {
        using var f = new SqlFixture();
        Assert.Equal(expected, Bucket(f, width, time, origin));
    }

    [Theory]
    [InlineData("'1 month'")]
    [InlineData("'1 months'")]
    [InlineData("'1 mon'")]
    [InlineData("'1mo'")]
    [InlineData("'1 MONTH'")]
    [InlineData("1mo")]
    [InlineData("1month")]
    [InlineData("INTERVAL '1 month'")]
    [InlineData("date_bin")]
    public void Month_spellings_agree(string width)
    {
        using var f = new SqlFixture();
        string sql = width == "date_bin"
            ? "SELECT date_bin('1 month', TIMESTAMP '2024-02-29T23:00:00Z')"
            : $"SELECT time_bucket({width}, TIMESTAMP '2024-02-29T23:00:00Z')";
        Assert.Equal("2024-02-01T00:00:00Z", Iso(f.Scalar(sql)));
    }

    [Theory]
    [InlineData("'1 year'")]
    [InlineData("'1y'")]
    [InlineData("1y")]
    [InlineData("12mo")]
    [InlineData("'12 months'")]
    [InlineData("INTERVAL '1 year'")]
    [InlineData("'1 YEARS'")]
    public void Year_spellings_agree(string width)
    {
        using var f = new SqlFixture();
        Assert.Equal("2024-01-01T00:00:00Z", Iso(f.Scalar($"SELECT time_bucket({width}, TIMESTAMP '2024-12-31T23:59:59.999999999Z')")));
    }

    [Fact]
    public void Years_and_months_add_up_and_m_stays_minutes()
    {
        using var f = new SqlFixture();
        // 18 months from 2000-01: buckets start 2000-01, 2001-07, 2003-01.
        Assert.Equal("2001-07-01T00:00:00Z", Bucket(f, "'1 year 6 months'", "2002-12-31T00:00:00Z"));
        Assert.Equal("2001-07-01T00:00:00Z", Bucket(f, "1y6mo", "2002-12-31T00:00:00Z"));
        Assert.Equal("2024-02-29T23:59:00Z", Bucket(f, "'1m'", "2024-02-29T23:59:30Z"));
        Assert.Equal("2024-02-29T23:59:00Z", Bucket(f, "1m", "2024-02-29T23:59:30Z"));
        // Outside time_bucket a month stays a 30-day duration.
        Assert.Equal(Ns("2024-03-31T00:00:00Z"), f.Scalar("SELECT TIMESTAMP '2024-03-01T00:00:00Z' + 1mo"));
    }

    [Theory]
    [InlineData("SELECT time_bucket('1 month 2 days', time) FROM t", 1, 20, "mixes months or years with fixed units")]
    [InlineData("SELECT time_bucket(1mo2d, time) FROM t", 1, 20, "mixes months or years")]
    [InlineData("SELECT time_bucket(INTERVAL '1 year 1 hour', time) FROM t", 1, 20, "mixes months or years")]
    [InlineData("SELECT time_bucket('1.5 months', time) FROM t", 1, 20, "not a whole number of months")]
    [InlineData("SELECT time_bucket('0 months', time) FROM t", 1, 20, "must be positive")]
    [InlineData("SELECT time_bucket(INTERVAL '-1 month', time) FROM t", 1, 20, "must be positive")]
    [InlineData("SELECT time_bucket('month', time) FROM t", 1, 20, "is not a duration")]
    [InlineData("SELECT time_bucket('1 month', time, '2024-01-15') FROM t", 1, 37, "must be the start of a month")]
    [InlineData("SELECT time_bucket('3 months', time, '2024-01-01T00:00:01Z') FROM t", 1, 38, "must be the start of a month")]
    [InlineData("SELECT count(*) FROM t\nSAMPLE BY '2 months 1 week'", 2, 11, "mixes months or years")]
    public void Bad_calendar_widths_are_refused_with_a_position(string sql, int line, int column, string message)
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE t (time TIMESTAMP, v DOUBLE)");
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Rows(sql));
        Assert.Contains(message, ex.Message);
        Assert.Equal((line, column), (ex.Line, ex.Column));
    }

    [Theory]
    [InlineData("1mo", 30L * 86_400_000_000_000)]
    [InlineData("1month", 30L * 86_400_000_000_000)]
    [InlineData("2months", 60L * 86_400_000_000_000)]
    [InlineData("1y", 365L * 86_400_000_000_000)]
    [InlineData("1y6mo", 545L * 86_400_000_000_000)]
    [InlineData("5m", 300_000_000_000L)]
    [InlineData("5ms", 5_000_000L)]
    public void Compact_month_and_year_tokens_are_durations_of_30_and_365_days(string text, long nanoseconds)
    {
        Assert.True(Chronicle.Sql.Parsing.DurationParser.TryParseDuration(text, out var ns));
        Assert.Equal(nanoseconds, ns);
    }

    [Theory]
    [InlineData("SELECT time_bucket(1M, time) FROM t", "number 1M")]
    [InlineData("SELECT time_bucket(1mon, time) FROM t", "number 1mon")]
    [InlineData("SELECT count(*) FROM t SAMPLE BY 1yr", "number 1yr")]
    public void Ambiguous_or_unknown_duration_tokens_are_refused(string sql, string found)
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE t (time TIMESTAMP, v DOUBLE)");
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Rows(sql));
        Assert.Equal(found, ex.Found);
        Assert.Contains("mo, y", ex.Message);
    }

    [Fact]
    public void A_width_parameter_can_be_a_calendar_width()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE t (time TIMESTAMP, v DOUBLE)");
        f.Exec("INSERT INTO t VALUES ('2024-01-31T23:59:59Z', 1), ('2024-02-01T00:00:00Z', 2), ('2024-03-31T00:00:00Z', 3)");
        var rows = f.Rows("SELECT time, sum(v) FROM t SAMPLE BY @w ORDER BY time", new SqlParameters().Add("w", "1 month"));
        Assert.Equal([("2024-01-01T00:00:00Z", 1.0), ("2024-02-01T00:00:00Z", 2.0), ("2024-03-01T00:00:00Z", 3.0)], rows.Select(r => (Iso(r[0]), (double)r[1]!)));
        rows = f.Rows("SELECT time_bucket(@w, time, @o) AS b, sum(v) FROM t GROUP BY b ORDER BY b", new SqlParameters().Add("w", "2 months").Add("o", "2024-02-01"));
        Assert.Equal([("2023-12-01T00:00:00Z", 1.0), ("2024-02-01T00:00:00Z", 5.0)], rows.Select(r => (Iso(r[0]), (double)r[1]!)));
    }

    [Fact]
    public void A_bucket_starting_before_the_earliest_timestamp_is_an_error()
    {
        using var f = new SqlFixture();
        // The earliest int64 time is 1677-09-21T00:12:43.145224192Z: its month starts outside the range.
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Rows($"SELECT time_bucket('1 month', CAST({long.MinValue + 1} AS TIMESTAMP))"));
        Assert.Contains("starts before 1677-09-21", ex.Message);
    }

    [Fact]
    public void Group_by_month_and_tag_order_by_month_and_sample_by()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE)");
        f.Exec("""
            INSERT INTO m VALUES
              ('2023-12-31T23:59:59.999999999Z', 'a', 1), ('2024-01-01T00:00:00Z', 'a', 2),
              ('2024-01-31T23:59:59.999999999Z', 'b', 3), ('2024-02-01T00:00:00Z', 'b', 4),
              ('2024-02-29T00:00:00Z', 'a', 5), ('1969-12-31T23:59:59Z', 'a', 6)
            """);
        var rows = f.Rows("SELECT time_bucket('1 month', time) AS month, host, sum(v), count(*) FROM m GROUP BY month, host ORDER BY month DESC, host");
        Assert.Equal(
            [("2024-02-01T00:00:00Z", "a", 5.0, 1L), ("2024-02-01T00:00:00Z", "b", 4.0, 1L), ("2024-01-01T00:00:00Z", "a", 2.0, 1L),
             ("2024-01-01T00:00:00Z", "b", 3.0, 1L), ("2023-12-01T00:00:00Z", "a", 1.0, 1L), ("1969-12-01T00:00:00Z", "a", 6.0, 1L)],
            rows.Select(r => (Iso(r[0]), (string)r[1]!, (double)r[2]!, (long)r[3]!)));

        var sampled = f.Rows("SELECT time, sum(v) FROM m SAMPLE BY 1mo ORDER BY time");
        Assert.Equal([("1969-12-01T00:00:00Z", 6.0), ("2023-12-01T00:00:00Z", 1.0), ("2024-01-01T00:00:00Z", 5.0), ("2024-02-01T00:00:00Z", 9.0)],
            sampled.Select(r => (Iso(r[0]), (double)r[1]!)));
        var yearly = f.Rows("SELECT time, count(*) FROM m SAMPLE BY INTERVAL '1 year' ORDER BY time");
        Assert.Equal([("1969-01-01T00:00:00Z", 1L), ("2023-01-01T00:00:00Z", 1L), ("2024-01-01T00:00:00Z", 4L)], yearly.Select(r => (Iso(r[0]), (long)r[1]!)));
        Assert.Equal(sampled.Select(r => r[0]), f.Rows("SELECT time, sum(v) FROM m SAMPLE BY '1 month' ORDER BY time").Select(r => r[0]));
    }

    /// <summary>
    /// Pushdown: a stored chunk is folded from its summary only when its first and last times fall in
    /// one calendar bucket. A host's sample every one to two hours makes a 120-sample chunk span about a
    /// week, so most chunks lie inside a month and some straddle a month boundary and must be decoded. Every query is compared with the same
    /// query forced off pushdown (an always-true row filter), in the head and after a flush, and with
    /// pushed-down daily buckets folded into months here.
    /// </summary>
    [Fact]
    public async Task Pushdown_matches_row_aggregation_in_the_head_and_in_segments()
    {
        int seed = Environment.GetEnvironmentVariable("CHRONICLE_SEED") is { } env ? int.Parse(env, CultureInfo.InvariantCulture) : Environment.TickCount & 0x7fffffff;
        output.WriteLine($"seed {seed} (replay with CHRONICLE_SEED={seed})");
        var rng = new Random(seed);
        // Shards of ten years, so that stored chunks are not cut at day boundaries.
        using var f = new SqlFixture(new Storage.StorageOptions { SyncMode = Storage.SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ShardDuration = TimeSpan.FromDays(3650) });
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE, w BIGINT)");
        // Three hosts from 2023-10 to 2024-04 (crossing a year end and a leap February), some before 1970.
        var values = new List<string>();
        foreach (var (from, to) in new[] { ("1969-11-20T00:00:00Z", "1970-02-10T00:00:00Z"), ("2023-10-01T00:00:00Z", "2024-04-15T00:00:00Z") })
        {
            long t = Ns(from), end = Ns(to);
            for (int i = 0; t < end; i++, t += (20 + rng.Next(21)) * 60_000_000_000L)
                values.Add($"({t}, 'h{i % 3}', {Math.Round(rng.NextDouble() * 100, 2).ToString("R", CultureInfo.InvariantCulture)}, {rng.Next(1000)})");
        }
        foreach (var chunk in values.Chunk(500)) f.Exec("INSERT INTO m VALUES " + string.Join(", ", chunk));

        string[] queries =
        [
            "SELECT time_bucket('1 month', time) AS b, host, count(v), sum(v), min(v), max(v), first(v), last(v), avg(w), max(time) FROM m{0} GROUP BY b, host ORDER BY b, host",
            "SELECT time_bucket('3 months', time) AS b, count(w), sum(w) FROM m{0} GROUP BY b ORDER BY b",
            "SELECT time_bucket('2 months', time, '2023-11-01') AS b, host, sum(v) FROM m{0} GROUP BY b, host ORDER BY b, host",
            "SELECT time_bucket(1y, time) AS b, count(v), min(time) FROM m{0} GROUP BY b ORDER BY b",
            "SELECT time, max(v) FROM m{0} SAMPLE BY 1mo ORDER BY time DESC LIMIT 3",
            "SELECT time_bucket('1 month', time) AS b, count(v) FROM m{0} GROUP BY b ORDER BY b DESC LIMIT 2 OFFSET 1",
            "SELECT time_bucket('1 month', time) AS b, sum(v) FROM m WHERE time >= '2023-12-15' AND time < '2024-02-20'{1} GROUP BY b ORDER BY b",
        ];
        List<object?[]>[] Run(bool pushdown) => queries.Select(q => f.Rows(string.Format(CultureInfo.InvariantCulture, q,
            pushdown ? "" : " WHERE v > -1", pushdown ? "" : " AND v > -1"))).ToArray();
        void Same(List<object?[]>[] expected, List<object?[]>[] actual, string phase)
        {
            for (int q = 0; q < queries.Length; q++)
            {
                Assert.True(expected[q].Count == actual[q].Count, $"{phase}, query {q}: {expected[q].Count} rows expected, {actual[q].Count} returned");
                for (int r = 0; r < expected[q].Count; r++)
                    for (int c = 0; c < expected[q][r].Length; c++)
                        Assert.True(expected[q][r][c] is double d ? Math.Abs(d - (double)actual[q][r][c]!) <= 1e-9 * Math.Max(1, Math.Abs(d)) : Equals(expected[q][r][c], actual[q][r][c]),
                            $"{phase}, query {q}, row {r}, column {c}: {expected[q][r][c]} vs {actual[q][r][c]}");
            }
        }

        foreach (var q in queries)
            Assert.True(f.Rows("EXPLAIN " + string.Format(CultureInfo.InvariantCulture, q, "", "")).Any(r => ((string)r[0]!).StartsWith("aggregate pushdown: yes")), q);
        var rowsInHead = Run(pushdown: false);
        Same(rowsInHead, Run(pushdown: true), "head");
        await f.Engine.FlushAsync();
        var rowsInSegments = Run(pushdown: false);
        Same(rowsInHead, rowsInSegments, "segments without pushdown");
        Same(rowsInHead, Run(pushdown: true), "segments with pushdown");
        Assert.Equal(11 * 3, rowsInSegments[0].Count); // 1969-11 .. 1970-02 and 2023-10 .. 2024-04, three hosts

        // Some chunks were folded from summaries and some (straddling a month boundary) decoded.
        var plan = f.Rows("EXPLAIN ANALYZE " + string.Format(CultureInfo.InvariantCulture, queries[0], "", "")).Select(r => (string)r[0]!).ToList();
        var chunks = System.Text.RegularExpressions.Regex.Match(plan.Single(l => l.StartsWith("chunks:")), @"chunks: (\d+) decoded, (\d+) summarized");
        Assert.True(int.Parse(chunks.Groups[1].Value, CultureInfo.InvariantCulture) > 0 && int.Parse(chunks.Groups[2].Value, CultureInfo.InvariantCulture) > 0, string.Join("\n", plan));

        // Daily buckets folded into calendar months here agree with the monthly buckets.
        var folded = f.Rows("SELECT time_bucket('1d', time) AS b, host, count(v), sum(v), min(v), max(v) FROM m GROUP BY b, host")
            .GroupBy(r => (Month: new CalendarWidth(1).TryBucket((long)r[0]!, CalendarWidth.DefaultOrigin, out var s) ? s : 0, Host: (string)r[1]!))
            .OrderBy(g => g.Key.Month).ThenBy(g => g.Key.Host, StringComparer.Ordinal)
            .Select(g => (g.Key.Month, g.Key.Host, Count: g.Sum(r => (long)r[2]!), Sum: g.Sum(r => (double)r[3]!), Min: g.Min(r => (double)r[4]!), Max: g.Max(r => (double)r[5]!)))
            .ToList();
        Assert.Equal(folded.Count, rowsInSegments[0].Count);
        for (int i = 0; i < folded.Count; i++)
        {
            var r = rowsInSegments[0][i];
            Assert.Equal((folded[i].Month, folded[i].Host, folded[i].Count, folded[i].Min, folded[i].Max), ((long)r[0]!, (string)r[1]!, (long)r[2]!, (double)r[4]!, (double)r[5]!));
            Assert.Equal(folded[i].Sum, (double)r[3]!, 1e-9 * Math.Abs(folded[i].Sum));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(12)]
    public void Weather_months_match_sqlite_strftime(int months)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "weather.csv");
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE weather (location TAG, date TIMESTAMP, precipitation DOUBLE, temp_max DOUBLE, temp_min DOUBLE, wind DOUBLE, weather VARCHAR)");
        f.Exec($"COPY weather FROM '{path}' (FORMAT CSV)");
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        sqlite.Open();
        using (var create = sqlite.CreateCommand())
        {
            create.CommandText = "CREATE TABLE weather (location TEXT, date INTEGER, temp_max REAL)";
            create.ExecuteNonQuery();
        }
        using (var tx = sqlite.BeginTransaction())
        using (var insert = sqlite.CreateCommand())
        {
            insert.CommandText = "INSERT INTO weather VALUES ($l, $d, $t)";
            var (l, d, tm) = (insert.Parameters.Add("$l", SqliteType.Text), insert.Parameters.Add("$d", SqliteType.Integer), insert.Parameters.Add("$t", SqliteType.Real));
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var c = line.Split(',');
                (l.Value, d.Value, tm.Value) = (c[0], Ns(c[1]), c[3].Length == 0 ? DBNull.Value : double.Parse(c[3], CultureInfo.InvariantCulture));
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        // SQLite: the month index (year * 12 + month - 1) from strftime, bucketed from 2000-01 (all data is after it).
        const string index = "(CAST(strftime('%Y', date / 1000000000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', date / 1000000000, 'unixepoch') AS INTEGER) - 1)";
        var expected = new List<(string, string, long, double?)>();
        using (var q = sqlite.CreateCommand())
        {
            q.CommandText = $"SELECT 24000 + ({index} - 24000) / {months} * {months} AS b, location, count(temp_max), max(temp_max) FROM weather GROUP BY b, location ORDER BY b, location";
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                long b = r.GetInt64(0);
                expected.Add(($"{b / 12:D4}-{b % 12 + 1:D2}", r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetDouble(3)));
            }
        }
        var actual = f.Rows($"SELECT time_bucket('{months} months', date) AS b, location, count(temp_max), max(temp_max) FROM weather GROUP BY b, location ORDER BY b, location")
            .Select(r => (Iso(r[0])[..7], (string)r[1]!, (long)r[2]!, (double?)r[3])).ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(4 * 12 / months * 2, actual.Count);
    }
}
