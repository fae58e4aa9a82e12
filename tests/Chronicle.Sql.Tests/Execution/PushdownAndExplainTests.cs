using Chronicle.Storage;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>
/// Aggregate pushdown to chunk summaries and EXPLAIN, over data that lives partly in flushed
/// segments and partly in the head, with out-of-order and overwritten samples.
/// </summary>
public class PushdownAndExplainTests
{
    private static readonly long T0 = SqlFixture.Ns("2024-01-01T00:00:00Z");
    private const long S = 1_000_000_000;

    private static SqlFixture Load(int seed, out string description)
    {
        var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ShardDuration = TimeSpan.FromHours(1) });
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE, k BIGINT)");
        var rng = new Random(seed);
        description = $"seed {seed}";
        // 3 hosts x 1200 samples at 5 s (100 minutes, two shards), in shuffled batches.
        var points = new List<(int Host, int I)>();
        for (int h = 0; h < 3; h++) for (int i = 0; i < 1200; i++) points.Add((h, i));
        var first = points.Where(p => p.I < 800).ToList();
        var second = points.Where(p => p.I >= 800).OrderBy(_ => rng.Next()).ToList();
        Insert(f, first, rng);
        f.Engine.FlushAsync().GetAwaiter().GetResult();
        Insert(f, second, rng);                                     // out of order, in the head
        Insert(f, first.Where(p => p.I % 97 == 0).ToList(), rng);   // overwrites of flushed samples
        return f;
    }

    private static void Insert(SqlFixture f, List<(int Host, int I)> points, Random rng)
    {
        foreach (var chunk in points.Chunk(500))
        {
            var values = chunk.Select(p => $"({T0 + p.I * 5 * S}, 'h{p.Host}', {Math.Round(rng.NextDouble() * 100, 3).ToString(System.Globalization.CultureInfo.InvariantCulture)}, {rng.Next(-1000, 1000)})");
            f.Exec("INSERT INTO m VALUES " + string.Join(", ", values));
        }
    }

    private static readonly string[] Queries =
    [
        "SELECT count(v), sum(v), avg(v), min(v), max(v), sum(k), min(k), max(k), first(v), last(v), first(k), last(k) FROM m",
        "SELECT host, count(v), sum(k), avg(v), first(v), last(v) FROM m GROUP BY host",
        "SELECT time_bucket('10m', time), host, count(v), sum(v), min(v), max(k), last(k) FROM m GROUP BY 1, host",
        "SELECT time_bucket('7m', time) AS b, avg(v), first(k) FROM m WHERE time >= '2024-01-01T00:13:00Z' AND time < '2024-01-01T01:31:00Z' GROUP BY b",
        "SELECT time, count(k), sum(v) FROM m WHERE host IN ('h0', 'h2') SAMPLE BY 30m",
        "SELECT host, max(time), last(v), last(k) FROM m GROUP BY host",
        "SELECT host, max(time) AS t, last(v) FROM m WHERE time < '2024-01-01T01:17:30Z' GROUP BY host",
        "SELECT max(time), min(time), count(v) FROM m",
        "SELECT time_bucket('9m', time) AS b, min(time), max(time), max(v) FROM m GROUP BY b",
    ];

    [Theory]
    [InlineData("SELECT host, time, v, k FROM m WHERE v > 97.5", "NOT (v <= 97.5)")]
    [InlineData("SELECT time, host, v FROM m WHERE 2.5 > v AND time >= '2024-01-01T00:30:00Z' ORDER BY time", "NOT (v >= 2.5) AND time >= '2024-01-01T00:30:00Z'")]
    [InlineData("SELECT host, count(*), max(k) FROM m WHERE v >= 99 AND k > 0 GROUP BY host", "NOT (v < 99) AND k > 0")]
    [InlineData("SELECT host, time, v FROM m WHERE v <= 0.5 AND host = 'h1'", "NOT (v > 0.5) AND host = 'h1'")]
    [InlineData("SELECT time, v FROM m WHERE v >= 50 AND v < 50.5 ORDER BY time", "NOT (v < 50) AND NOT (v >= 50.5)")]
    [InlineData("SELECT time, v FROM m WHERE v = 50.0", "NOT (v <> 50.0)")]
    [InlineData("SELECT host, time FROM m WHERE v > 1000", "NOT (v <= 1000)")]
    public async Task ScanPruningByAFieldComparisonKeepsEveryMatchingRow(string query, string unprunedWhere)
    {
        int seed = Environment.TickCount;
        using var f = Load(seed, out var d);
        await f.Engine.FlushAsync();
        Insert(f, [(0, 1500), (1, 1501), (2, 3)], new Random(seed)); // more head data, one overwrite
        var unpruned = query[..(query.IndexOf(" WHERE ", StringComparison.Ordinal) + 7)] + unprunedWhere
            + (query.Contains(" GROUP BY ") ? query[query.IndexOf(" GROUP BY ", StringComparison.Ordinal)..] : query.Contains(" ORDER BY ") ? query[query.IndexOf(" ORDER BY ", StringComparison.Ordinal)..] : "");
        var expected = f.Rows(unpruned);
        var actual = f.Rows(query);
        if (!query.Contains("ORDER BY") && !query.Contains("GROUP BY"))
        {
            expected = expected.OrderBy(r => (string?)r[0]?.ToString()).ThenBy(r => r[1]?.ToString()).ToList();
            actual = actual.OrderBy(r => (string?)r[0]?.ToString()).ThenBy(r => r[1]?.ToString()).ToList();
        }
        AssertSame(expected, actual, $"{d}: {query}");
        if (!query.Contains("1000") && !query.Contains(" = ")) Assert.NotEmpty(actual);
    }

    [Theory]
    [InlineData("SELECT time_bucket('1m', time) AS b, max(v), count(k) FROM g GROUP BY b ORDER BY b DESC LIMIT 5")]
    [InlineData("SELECT time_bucket('1m', time) AS b, max(v) FROM g GROUP BY b ORDER BY b DESC LIMIT 3 OFFSET 2")]
    [InlineData("SELECT time_bucket('1m', time) AS b, min(v) FROM g WHERE time < '2024-01-01T00:52:30Z' GROUP BY b ORDER BY 1 DESC LIMIT 6")]
    [InlineData("SELECT time_bucket('1m', time) AS b, avg(v) FROM g WHERE time >= '2024-01-01T00:05:00Z' GROUP BY b ORDER BY b DESC LIMIT 100")]
    [InlineData("SELECT time_bucket('1m', time) AS b, sum(v) FROM g GROUP BY b ORDER BY b DESC LIMIT 0")]
    public async Task NewestBucketsWithGapsMatchTheRowPath(string query)
    {
        using var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ChunkSize = 4 });
        f.Exec("CREATE TABLE g (time TIMESTAMP, host TAG, v DOUBLE, k BIGINT)");
        // Samples in minutes 0-9, 50-52 and 200, every 20 s, two hosts; k missing in minute 51.
        var minutes = Enumerable.Range(0, 10).Concat([50, 51, 52, 200]);
        var rows = minutes.SelectMany(m => Enumerable.Range(0, 3).SelectMany(i => new[] { 0, 1 }.Select(h =>
            $"({T0 + (m * 60 + i * 20) * S}, 'h{h}', {m * 10 + i + h}, {(m == 51 ? "NULL" : (m + h).ToString(System.Globalization.CultureInfo.InvariantCulture))})")));
        f.Exec("INSERT INTO g VALUES " + string.Join(", ", rows));
        await f.Engine.FlushAsync();
        Assert.Contains(f.Rows("EXPLAIN " + query), r => ((string)r[0]!).StartsWith("aggregate pushdown: yes"));
        var rowQuery = query.Contains("WHERE") ? query.Replace("WHERE ", "WHERE (v > 1e300 OR time >= 0) AND ") : query.Replace(" FROM g", " FROM g WHERE v > 1e300 OR time >= 0");
        AssertSame(f.Rows(rowQuery), f.Rows(query), query);
    }

    [Fact]
    public async Task PushdownKeepsGroupsWhereOnlyOtherFieldsHaveSamples()
    {
        int seed = Environment.TickCount;
        var rng = new Random(seed);
        using var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ChunkSize = 8 });
        f.Exec("CREATE TABLE s (time TIMESTAMP, host TAG, a DOUBLE, b DOUBLE)");
        // Field a only in some stretches, b in others; host h2 has no a at all.
        for (int round = 0; round < 3; round++)
        {
            var rows = new List<string>();
            for (int i = 0; i < 300; i++)
            {
                int host = rng.Next(3);
                string a = host == 2 || (i / 40) % 3 == 1 ? "NULL" : rng.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string b = (i / 25) % 4 == 0 && a != "NULL" ? "NULL" : rng.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture);
                rows.Add($"({T0 + (round * 300 + i) * 7 * S}, 'h{host}', {a}, {b})");
            }
            f.Exec("INSERT INTO s VALUES " + string.Join(", ", rows));
            if (round < 2) await f.Engine.FlushAsync();
        }
        string[] queries =
        [
            "SELECT time_bucket('1m', time) AS t, max(a) FROM s GROUP BY t",
            "SELECT host, time_bucket('3m', time) AS t, avg(a), count(a) FROM s GROUP BY host, t",
            "SELECT host, last(a), count(a) FROM s GROUP BY host",
            "SELECT host, last(a) FROM s WHERE time >= '2024-01-01T00:20:00Z' GROUP BY host",
            "SELECT time_bucket('1m', time) AS t, max(a) FROM s WHERE time < '2024-01-01T01:00:00Z' GROUP BY t ORDER BY t DESC LIMIT 5",
        ];
        foreach (var q in queries)
        {
            Assert.Contains(f.Rows("EXPLAIN " + q), r => ((string)r[0]!).StartsWith("aggregate pushdown: yes"));
            // An OR that keeps every row leaves a row filter, which forces the row path.
            var rowQuery = q.Contains("WHERE") ? q.Replace("WHERE ", "WHERE (a > 1e300 OR time >= 0) AND ") : q.Replace(" FROM s", " FROM s WHERE a > 1e300 OR time >= 0");
            Assert.Contains(f.Rows("EXPLAIN " + rowQuery), r => ((string)r[0]!).StartsWith("aggregate pushdown: no"));
            AssertSame(f.Rows(rowQuery), f.Rows(q), $"seed {seed}: {q}");
        }
    }

    [Fact]
    public async Task PushdownMatchesTheRowPathAndSurvivesFlush()
    {
        int seed = Environment.TickCount;
        using var f = Load(seed, out var d);
        foreach (var q in Queries)
        {
            var pushed = f.Rows(q);
            // The same query with a row filter that keeps every row forces the row path.
            var rowPath = f.Rows(q.Contains("WHERE") ? q.Replace("WHERE ", "WHERE v > -1 AND k > -100000 AND ") : q.Replace(" FROM m", " FROM m WHERE v > -1 AND k > -100000"));
            AssertSame(pushed, rowPath, $"{d}: {q}");
            Assert.Contains(f.Rows("EXPLAIN " + q), r => ((string)r[0]!).StartsWith("aggregate pushdown: yes"));
        }
        var before = Queries.Select(q => f.Rows(q)).ToList();
        await f.Engine.FlushAsync();
        for (int i = 0; i < Queries.Length; i++) AssertSame(before[i], f.Rows(Queries[i]), $"{d}: after flush: {Queries[i]}");
        await f.Engine.CompactAsync();
        for (int i = 0; i < Queries.Length; i++) AssertSame(before[i], f.Rows(Queries[i]), $"{d}: after compaction: {Queries[i]}");
    }

    [Fact]
    public async Task ExplainReportsPruningAndSummaries()
    {
        using var f = Load(7, out _);
        await f.Engine.FlushAsync();
        var plan = f.Rows("EXPLAIN ANALYZE SELECT host, avg(v) FROM m WHERE host = 'h1' AND time >= '2024-01-01T01:00:00Z' GROUP BY host").Select(r => (string)r[0]!).ToList();
        Assert.Equal("table: m", plan[0]);
        Assert.Equal("time range: [2024-01-01T01:00:00Z, +inf]", plan[1]);
        Assert.Contains("tag: host = 'h1'", plan[2]);
        Assert.Contains("time: time >= 2024-01-01T01:00:00Z", plan[2]);
        Assert.Equal("series matched: 2 in 1 tag set(s); fields read: v, k", plan[3]); // grouped: every field decides which groups exist
        Assert.Contains("aggregate pushdown: yes (chunks inside one bucket and the time range are folded from their summaries)", plan);
        var shards = plan.Single(l => l.StartsWith("shards:"));
        Assert.Matches(@"shards: [1-9]\d* kept, [1-9]\d* pruned", shards);
        var chunks = plan.Single(l => l.StartsWith("chunks:"));
        Assert.Matches(@"[1-9]\d* summarized", chunks);
        Assert.Contains(plan, l => l.StartsWith("rows: 1;"));

        plan = f.Rows("EXPLAIN SELECT * FROM m WHERE v > 50 OR host = 'h0'").Select(r => (string)r[0]!).ToList();
        Assert.Equal("time range: [-inf, +inf]", plan[1]);
        Assert.Equal("pushed down: nothing", plan[2]);
        Assert.Equal("row filter: ((v > 50) OR (host = 'h0'))", plan[4]);
        f.Exec("CREATE TABLE notes (time TIMESTAMP, note VARCHAR, ok BOOLEAN); INSERT INTO notes VALUES (1, 'a', true), (2, 'b', false)");
        await f.Engine.FlushAsync();
        Assert.Equal(["a", "b", true, false, 2L], Assert.Single(f.Rows("SELECT first(note), last(note), first(ok), last(ok), count(note) FROM notes")));
        Assert.Contains("aggregate pushdown: no (first over VARCHAR has no chunk summary)", f.Rows("EXPLAIN SELECT first(note) FROM notes").Select(r => (string)r[0]!));
        Assert.Contains("aggregate pushdown: yes (chunks inside one bucket and the time range are folded from their summaries)", f.Rows("EXPLAIN SELECT first(ok), count(note) FROM notes").Select(r => (string)r[0]!));
        plan = f.Rows("EXPLAIN SELECT stddev(v) FROM m").Select(r => (string)r[0]!).ToList();
        Assert.Contains("aggregate pushdown: no (aggregate stddev has no chunk summary)", plan);
        Assert.Equal("plan", f.Query("EXPLAIN SELECT 1").Columns.Single().Name);
    }

    [Fact]
    public void RowQueriesCrossHeadAndSegments()
    {
        using var f = Load(11, out _);
        var rows = f.Rows("SELECT time, v, k FROM m WHERE host = 'h2' ORDER BY time");
        Assert.Equal(1200, rows.Count);
        Assert.Equal(Enumerable.Range(0, 1200).Select(i => T0 + i * 5 * S), rows.Select(r => (long)r[0]!));
        Assert.All(rows, r => { Assert.NotNull(r[1]); Assert.NotNull(r[2]); });
        var last = Assert.Single(f.Rows("SELECT time, host FROM m ORDER BY time DESC, host LIMIT 1"));
        Assert.Equal([T0 + 1199 * 5 * S, "h0"], last);
    }

    [Fact]
    public void OrderByTimeAcrossTagSetsIsMergedInTimeOrder()
    {
        using var f = Load(5, out _);
        var rows = f.Rows("SELECT time, host, v FROM m WHERE time >= '2024-01-01T00:50:00Z' ORDER BY time");
        Assert.Equal(3 * 600, rows.Count);
        for (int i = 1; i < rows.Count; i++) Assert.True((long)rows[i - 1][0]! <= (long)rows[i][0]!, $"row {i} out of order");
        // Same rows as a sort on (time, host) would give; ties come out in tag set order.
        var sorted = f.Rows("SELECT time, host, v FROM m WHERE time >= '2024-01-01T00:50:00Z' ORDER BY time, host");
        AssertSame(sorted, rows, "merge vs sort");
        var first = f.Rows("SELECT time, host FROM m ORDER BY time LIMIT 4");
        Assert.Equal([T0, T0, T0, T0 + 5 * S], first.Select(r => (long)r[0]!));
        Assert.Equal(["h0", "h1", "h2", "h0"], first.Select(r => (string)r[1]!));
    }

    [Theory]
    [InlineData("SELECT * FROM big LIMIT 10")]
    [InlineData("SELECT * FROM big WHERE v >= 0 LIMIT 10")]
    [InlineData("SELECT * FROM big ORDER BY time LIMIT 10")]
    public async Task LimitStopsReadingEarly(string query)
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE big (time TIMESTAMP, host TAG, v DOUBLE)");
        for (int h = 0; h < 2; h++)
            foreach (var chunk in Enumerable.Range(0, 20_000).Chunk(1000))
                f.Exec("INSERT INTO big VALUES " + string.Join(", ", chunk.Select(i => $"({T0 + i * S}, 'h{h}', {i})")));
        await f.Engine.FlushAsync();
        var plan = f.Rows("EXPLAIN ANALYZE " + query).Select(r => (string)r[0]!).ToList();
        var chunks = plan.Single(l => l.StartsWith("chunks:"));
        long decoded = long.Parse(System.Text.RegularExpressions.Regex.Match(chunks, @"samples decoded: (\d+)").Groups[1].Value);
        Assert.InRange(decoded, 10, 10_000); // of 40,000 samples: about one batch per tag set at most
        Assert.StartsWith("rows: 10;", plan.Last());
    }

    [Fact]
    public void SelectStarStreamsInBatches()
    {
        using var f = Load(3, out _);
        var result = f.Session.Execute("SELECT * FROM m", Chronicle.Sql.Execution.SqlParameters.Empty).Single();
        using var q = result.Query!;
        int batches = 0, rows = 0;
        while (q.ReadBatch() is { } b) { batches++; rows += b.RowCount; Assert.InRange(b.RowCount, 1, 4096); }
        Assert.Equal(3600, rows);
        Assert.True(batches >= 1);
    }

    internal static void AssertSame(List<object?[]> expected, List<object?[]> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: {expected.Count} rows vs {actual.Count}");
        for (int r = 0; r < expected.Count; r++)
            for (int c = 0; c < expected[r].Length; c++)
            {
                var (a, b) = (expected[r][c], actual[r][c]);
                if (a is double x && b is double y)
                    Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))), $"{context}: row {r} col {c}: {x} vs {y}");
                else Assert.True(Equals(a, b), $"{context}: row {r} col {c}: {a} vs {b}");
            }
    }
}
