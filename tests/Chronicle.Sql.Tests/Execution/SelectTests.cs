using Chronicle.Sql.Execution;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>SELECT over a small cpu table: two hosts in two regions, samples every 10 s.</summary>
public class SelectTests : IDisposable
{
    private readonly SqlFixture _f = new();
    private static readonly long T0 = SqlFixture.Ns("2024-01-01T00:00:00Z");
    private const long S = 1_000_000_000;

    public SelectTests()
    {
        _f.Exec("CREATE TABLE cpu (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, n BIGINT, note VARCHAR)");
        // host a (eu): usage 10,20,...,60 at t0 + 0..50 s; n = 1..6
        // host b (us): usage 1,2,3 at t0 + 0,10,20 s; n NULL except the last (7)
        for (int i = 0; i < 6; i++) _f.Exec($"INSERT INTO cpu (time, host, region, usage, n) VALUES ({T0 + i * 10 * S}, 'a', 'eu', {(i + 1) * 10}, {i + 1})");
        _f.Exec($"INSERT INTO cpu (time, host, region, usage) VALUES ({T0}, 'b', 'us', 1), ({T0 + 10 * S}, 'b', 'us', 2)");
        _f.Exec($"INSERT INTO cpu (time, host, region, usage, n, note) VALUES ({T0 + 20 * S}, 'b', 'us', 3, 7, 'hi')");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void RowsAlignFieldsByTimestamp()
    {
        var rows = _f.Rows("SELECT host, usage, n, note FROM cpu WHERE host = 'b' ORDER BY time");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["b", 1.0, null, null], rows[0]);
        Assert.Equal(["b", 3.0, 7L, "hi"], rows[2]);
    }

    [Fact]
    public void ResultColumnsHaveTypesAndTagFlags()
    {
        var (cols, _) = _f.Query("SELECT time, host, usage, n, note, usage * 2 AS twice, count(*) OVER_IS_NOT_SQL FROM cpu GROUP BY time, host, usage, n, note".Replace(", count(*) OVER_IS_NOT_SQL", ""));
        Assert.Equal(ResultType.Timestamp, cols[0].Type);
        Assert.True(cols[1].IsTag);
        Assert.Equal(ResultType.VarChar, cols[1].Type);
        Assert.Equal(ResultType.Double, cols[2].Type);
        Assert.Equal(ResultType.BigInt, cols[3].Type);
        Assert.Equal(ResultType.VarChar, cols[4].Type);
        Assert.False(cols[4].IsTag);
        Assert.Equal("twice", cols[5].Name);
    }

    [Theory]
    [InlineData("time >= '2024-01-01T00:00:10Z'", 7)]
    [InlineData("time > '2024-01-01T00:00:10Z'", 5)]
    [InlineData("time < '2024-01-01T00:00:10Z'", 2)]
    [InlineData("time <= '2024-01-01T00:00:10Z'", 4)]
    [InlineData("time = '2024-01-01T00:00:20Z'", 2)]
    [InlineData("time BETWEEN '2024-01-01T00:00:10Z' AND '2024-01-01 00:00:20'", 4)]
    [InlineData("time NOT BETWEEN '2024-01-01T00:00:10Z' AND '2024-01-01T00:00:20Z'", 5)]
    [InlineData("'2024-01-01T00:00:40Z' <= time", 2)]
    [InlineData("time > TIMESTAMP '2024-01-01T00:00:30Z' AND time < now()", 2)]
    [InlineData("time >= '2024-01-01T00:00:40Z' OR time < '2024-01-01T00:00:10Z'", 4)]
    [InlineData("time > now() - INTERVAL '1 hour'", 0)]
    [InlineData("time > '2024-01-01T00:00:00Z' + 15s", 5)]
    [InlineData("time >= 1704067230000000000", 3)]
    [InlineData("time > '2024-01-01T00:00:30Z' AND time < '2024-01-01T00:00:10Z'", 0)]
    public void TimeRanges(string where, int expected) =>
        Assert.Equal((long)expected, _f.Scalar($"SELECT count(*) FROM cpu WHERE {where}"));

    [Theory]
    [InlineData("host = 'a'", 6)]
    [InlineData("'b' = host", 3)]
    [InlineData("host != 'a'", 3)]
    [InlineData("host <> 'zz'", 9)]
    [InlineData("host IN ('a', 'b')", 9)]
    [InlineData("host NOT IN ('a')", 3)]
    [InlineData("host LIKE 'a%'", 6)]
    [InlineData("host NOT LIKE '_'", 0)]
    [InlineData("host ILIKE 'A'", 6)]
    [InlineData("region = 'us' AND host = 'a'", 0)]
    [InlineData("host IS NOT NULL", 9)]
    [InlineData("host IS NULL", 0)]
    [InlineData("host = 'a' OR usage < 2", 7)]
    [InlineData("host = 'nope'", 0)]
    public void TagPredicates(string where, int expected) =>
        Assert.Equal((long)expected, _f.Scalar($"SELECT count(*) FROM cpu WHERE {where}"));

    [Theory]
    [InlineData("usage > 25", 4)]
    [InlineData("usage * 2 >= 40 AND n < 4", 2)]
    [InlineData("NOT (usage > 5)", 3)]
    [InlineData("n IS NULL", 2)]
    [InlineData("n IS NOT NULL AND note IS NULL", 6)]
    [InlineData("n + 1 > 6", 2)]
    [InlineData("note = 'hi'", 1)]
    [InlineData("n IN (1, 3, 7)", 3)]
    [InlineData("n NOT IN (1, NULL)", 0)]
    [InlineData("usage BETWEEN 2 AND 20", 4)]
    [InlineData("n / 2 = 1", 2)]
    [InlineData("n % 2 = 0", 3)]
    [InlineData("usage::bigint = 30", 1)]
    [InlineData("CAST(n AS VARCHAR) = '7'", 1)]
    public void FieldFilters(string where, int expected) =>
        Assert.Equal((long)expected, _f.Scalar($"SELECT count(*) FROM cpu WHERE {where}"));

    [Fact]
    public void ArithmeticNullPropagationAndIntegerDivision()
    {
        var rows = _f.Rows("SELECT n / 4, n * 1.5, usage + n, 7 / 2, 7.0 / 2, -n, n - NULL FROM cpu WHERE host = 'b' ORDER BY time");
        Assert.Equal([null, null, null, 3L, 3.5, null, null], rows[0]);
        Assert.Equal([1L, 10.5, 10.0, 3L, 3.5, -7L, null], rows[2]);
        Assert.Equal(-1L, _f.Scalar("SELECT -7 / 4"));
        Assert.Equal(-3L, _f.Scalar("SELECT -7 % 4"));
        Assert.Contains("division by zero", Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT n / 0 FROM cpu")).Message);
    }

    [Fact]
    public void CastsBetweenTypes()
    {
        var row = Assert.Single(_f.Rows("SELECT CAST('2.5' AS DOUBLE), '42'::bigint, 2.5::bigint, 3.5::bigint, 1::boolean, 'true'::boolean, 12::varchar, CAST('2024-01-01T00:00:00Z' AS TIMESTAMP), CAST(TIMESTAMP '2024-01-01T00:00:01Z' AS VARCHAR), CAST(7 AS DOUBLE)"));
        Assert.Equal([2.5, 42L, 2L, 4L, true, true, "12", T0, "2024-01-01T00:00:01Z", 7.0], row);
        Assert.Contains("'abc' is not a valid DOUBLE", Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT 'abc'::double")).Message);
    }

    [Fact]
    public void OrderByWithNullsLimitOffset()
    {
        var rows = _f.Rows("SELECT host, n FROM cpu ORDER BY n, time");
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L, null, null], rows.Select(r => r[1]));
        rows = _f.Rows("SELECT host, n FROM cpu ORDER BY n DESC, time");
        Assert.Equal([null, null, 7L, 6L, 5L, 4L, 3L, 2L, 1L], rows.Select(r => r[1]));
        rows = _f.Rows("SELECT n FROM cpu ORDER BY n ASC NULLS FIRST LIMIT 3");
        Assert.Equal([null, null, 1L], rows.Select(r => r[0]));
        rows = _f.Rows("SELECT n FROM cpu ORDER BY n DESC NULLS LAST LIMIT 2 OFFSET 1");
        Assert.Equal([6L, 5L], rows.Select(r => r[0]));
        rows = _f.Rows("SELECT usage AS u FROM cpu ORDER BY u DESC LIMIT 2");
        Assert.Equal([60.0, 50.0], rows.Select(r => r[0]));
        rows = _f.Rows("SELECT host, usage FROM cpu ORDER BY 2 LIMIT 1");
        Assert.Equal(["b", 1.0], rows[0]);
        rows = _f.Rows("SELECT host FROM cpu ORDER BY usage * -1 LIMIT 1");
        Assert.Equal(["a"], rows[0]);
        Assert.Equal(9, _f.Rows("SELECT * FROM cpu LIMIT 100").Count);
        Assert.Equal(2, _f.Rows("SELECT * FROM cpu LIMIT 2").Count);
        Assert.Single(_f.Rows("SELECT * FROM cpu OFFSET 8"));
        Assert.Equal(3, _f.Rows("SELECT * FROM cpu LIMIT @l", new SqlParameters().Add("l", 3)).Count);
    }

    [Fact]
    public void LastPoint()
    {
        var row = Assert.Single(_f.Rows("SELECT time, host, usage FROM cpu ORDER BY time DESC LIMIT 1"));
        Assert.Equal([T0 + 50 * S, "a", 60.0], row);
        row = Assert.Single(_f.Rows("SELECT time, usage FROM cpu WHERE host = 'b' ORDER BY time DESC LIMIT 1"));
        Assert.Equal([T0 + 20 * S, 3.0], row);
    }

    [Fact]
    public void Distinct()
    {
        Assert.Equal(["a", "b"], _f.Rows("SELECT DISTINCT host FROM cpu ORDER BY host").Select(r => r[0]));
        Assert.Equal(2, _f.Rows("SELECT DISTINCT region, host FROM cpu").Count);
        Assert.Equal(3L, _f.Scalar("SELECT count(DISTINCT time) FROM cpu WHERE time < '2024-01-01T00:00:30Z'"));
        Assert.Contains("ORDER BY expressions must appear", Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT DISTINCT host FROM cpu ORDER BY usage")).Message);
    }

    [Fact]
    public void SelectWithoutFrom()
    {
        Assert.Equal([3L, "x", 2.5, true, null], Assert.Single(_f.Rows("SELECT 1 + 2, 'x', 5 / 2.0, 1 < 2, NULL")));
        var now = (long)_f.Scalar("SELECT now()")!;
        Assert.InRange(now, Planning.TimeValues.Now() - 60 * S, Planning.TimeValues.Now());
        Assert.Equal(4.0, _f.Scalar("SELECT sqrt(16)"));
        Assert.Equal("AB", _f.Scalar("SELECT upper('a' || 'b')"));
        Assert.Equal(3L, _f.Scalar("SELECT coalesce(NULL, 3)"));
        Assert.Equal(T0, _f.Scalar("SELECT date_trunc('day', TIMESTAMP '2024-01-01T13:14:15Z')"));
        Assert.Empty(_f.Rows("SELECT 1 WHERE 1 = 2"));
        Assert.Single(_f.Rows("SELECT 1 WHERE 1 < 2"));
        Assert.Equal(0L, _f.Scalar("SELECT count(*) WHERE false"));
        Assert.Equal(1L, _f.Scalar("SELECT count(*)"));
    }

    [Fact]
    public void ScalarFunctionsOverRows()
    {
        var rows = _f.Rows("SELECT abs(usage - 35), round(usage / 3, 1), upper(host), length(region), coalesce(n, -1), time_bucket('20s', time) FROM cpu WHERE host = 'b' ORDER BY time");
        Assert.Equal([34.0, 0.3, "B", 2L, -1L, T0], rows[0]);
        Assert.Equal([32.0, 1.0, "B", 2L, 7L, T0 + 20 * S], rows[2]);
    }

    [Fact]
    public void ParameterInLists()
    {
        Assert.Equal(6L, _f.Scalar("SELECT count(*) FROM cpu WHERE host IN @hosts", new SqlParameters().Add("hosts", new[] { "a", "c" })));
        Assert.Equal(0L, _f.Scalar("SELECT count(*) FROM cpu WHERE host IN @hosts", new SqlParameters().Add("hosts", Array.Empty<string>())));
        // Dapper's empty-list form.
        Assert.Equal(0L, _f.Scalar("SELECT count(*) FROM cpu WHERE host IN (SELECT @hosts WHERE 1 = 0)", new SqlParameters().Add("hosts", 1)));
        Assert.Equal(9L, _f.Scalar("SELECT count(*) FROM cpu WHERE host NOT IN (SELECT @hosts WHERE 1 = 0)", new SqlParameters().Add("hosts", 1)));
        Assert.Equal(0L, _f.Scalar("SELECT count(*) FROM cpu WHERE n IN (SELECT @ns WHERE 1 = 0)", new SqlParameters().Add("ns", 1)));
        Assert.Equal(2L, _f.Scalar("SELECT count(*) FROM cpu WHERE n IN (@x, @y)", new SqlParameters().Add("x", 1).Add("y", 2L)));
        Assert.Equal(5L, _f.Scalar("SELECT count(*) FROM cpu WHERE time >= @from", new SqlParameters().Add("from", DateTime.SpecifyKind(new DateTime(2024, 1, 1, 0, 0, 20), DateTimeKind.Utc))));
    }

    [Fact]
    public void SemanticErrorsPointAtTheNode()
    {
        var ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT usge FROM cpu"));
        Assert.Equal("line 1, column 8: column 'usge' does not exist in table 'cpu'; did you mean 'usage'?", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT host\nFROM cpu\nWHERE usage > 1 AND hots = 'a'"));
        Assert.Equal((3, 21), (ex.Line, ex.Column));
        Assert.Contains("did you mean 'host'", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT avgg(usage) FROM cpu"));
        Assert.Contains("function 'avgg' does not exist; did you mean 'avg'?", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT usage + host FROM cpu"));
        Assert.Contains("cannot be applied to DOUBLE and VARCHAR", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT * FROM cpu WHERE usage = 'high'"));
        Assert.Contains("cannot compare DOUBLE with VARCHAR", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT * FROM cpu WHERE time > 'last tuesday'"));
        Assert.Contains("not an ISO-8601 timestamp", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT * FROM cpu WHERE avg(usage) > 1"));
        Assert.Contains("aggregate functions are not allowed in WHERE", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT host, usage, avg(usage) FROM cpu GROUP BY host"));
        Assert.Contains("column 'usage' must appear in the GROUP BY clause", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT * FROM cpu WHERE host = @h"));
        Assert.Contains("parameter @h has no value", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT * FROM cpu WHERE usage"));
        Assert.Contains("WHERE must be BOOLEAN", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT c.usage FROM cpu x"));
        Assert.Contains("table 'c' is not in the FROM clause", ex.Message);
        Assert.Equal(9, _f.Rows("SELECT x.usage FROM cpu x").Count);
    }

    [Fact]
    public void CancellationIsCheckedBetweenBatches()
    {
        using var cts = new CancellationTokenSource();
        var result = _f.Session.Execute("SELECT * FROM cpu", SqlParameters.Empty).Single();
        using var q = result.Query!;
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => q.ReadBatch(cts.Token));
    }
}
