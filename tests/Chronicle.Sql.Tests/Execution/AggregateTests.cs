namespace Chronicle.Sql.Tests.Execution;

/// <summary>Grouping and aggregates over the same small table as <see cref="SelectTests"/>.</summary>
public class AggregateTests : IDisposable
{
    private readonly SqlFixture _f = new();
    private static readonly long T0 = SqlFixture.Ns("2024-01-01T00:00:00Z");
    private const long S = 1_000_000_000;

    public AggregateTests()
    {
        _f.Exec("CREATE TABLE cpu (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, n BIGINT, note VARCHAR)");
        for (int i = 0; i < 6; i++) _f.Exec($"INSERT INTO cpu (time, host, region, usage, n) VALUES ({T0 + i * 10 * S}, 'a', 'eu', {(i + 1) * 10}, {i + 1})");
        _f.Exec($"INSERT INTO cpu (time, host, region, usage) VALUES ({T0}, 'b', 'us', 1), ({T0 + 10 * S}, 'b', 'us', 2)");
        _f.Exec($"INSERT INTO cpu (time, host, region, usage, n, note) VALUES ({T0 + 20 * S}, 'b', 'us', 3, 7, 'hi')");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void AggregatesWithoutGroupByGiveOneRow()
    {
        var row = Assert.Single(_f.Rows("SELECT count(*), count(n), sum(usage), sum(n), avg(usage), min(usage), max(n), first(usage), last(usage), min(note), spread(usage) FROM cpu"));
        Assert.Equal([9L, 7L, 216.0, 28L, 24.0, 1.0, 7L, 10.0, 60.0, "hi", 59.0], row);
        // Empty input: count 0, the rest NULL.
        row = Assert.Single(_f.Rows("SELECT count(*), sum(usage), avg(usage), max(n), first(usage) FROM cpu WHERE host = 'none'"));
        Assert.Equal([0L, null, null, null, null], row);
    }

    [Fact]
    public void FirstAndLastAreByTime()
    {
        var rows = _f.Rows("SELECT host, first(usage), last(usage), first(n), last(n) FROM cpu GROUP BY host ORDER BY host");
        Assert.Equal(["a", 10.0, 60.0, 1L, 6L], rows[0]);
        Assert.Equal(["b", 1.0, 3.0, 7L, 7L], rows[1]);
    }

    [Fact]
    public void StddevVarianceAndPercentiles()
    {
        // host a usage 10..60: sample stddev = sqrt(350) = 18.708..., median 35, p90 = 55
        var row = Assert.Single(_f.Rows("SELECT stddev(usage), variance(usage), stddev_pop(usage), percentile_cont(0.5) WITHIN GROUP (ORDER BY usage), percentile_cont(0.9) WITHIN GROUP (ORDER BY usage), median(usage), percentile_disc(0.5) WITHIN GROUP (ORDER BY usage) FROM cpu WHERE host = 'a'"));
        Assert.Equal(Math.Sqrt(350), (double)row[0]!, 9);
        Assert.Equal(350.0, (double)row[1]!, 9);
        Assert.Equal(Math.Sqrt(1750.0 / 6), (double)row[2]!, 9);
        Assert.Equal(35.0, row[3]);
        Assert.Equal(55.0, (double)row[4]!, 9);
        Assert.Equal(35.0, row[5]);
        Assert.Equal(30.0, row[6]);
        Assert.Null(_f.Scalar("SELECT stddev(usage) FROM cpu WHERE host = 'a' AND usage = 10"));
        // rate: (60 - 10) / 50 s per second over host a; NULL with one sample.
        Assert.Equal(1.0, _f.Scalar("SELECT rate(usage) FROM cpu WHERE host = 'a'"));
        Assert.Null(_f.Scalar("SELECT rate(usage) FROM cpu WHERE host = 'a' AND usage = 10"));
    }

    [Fact]
    public void GroupByTimeBucketAndTags()
    {
        var rows = _f.Rows("SELECT time_bucket('20s', time) AS bucket, host, count(*), avg(usage) FROM cpu GROUP BY bucket, host ORDER BY bucket, host");
        Assert.Equal(5, rows.Count);
        Assert.Equal([T0, "a", 2L, 15.0], rows[0]);
        Assert.Equal([T0, "b", 2L, 1.5], rows[1]);
        Assert.Equal([T0 + 20 * S, "a", 2L, 35.0], rows[2]);
        Assert.Equal([T0 + 20 * S, "b", 1L, 3.0], rows[3]);
        Assert.Equal([T0 + 40 * S, "a", 2L, 55.0], rows[4]);
        // date_bin with an origin; GROUP BY ordinal
        rows = _f.Rows("SELECT date_bin(INTERVAL '30 seconds', time, TIMESTAMP '2024-01-01T00:00:10Z'), sum(usage) FROM cpu GROUP BY 1 ORDER BY 1");
        Assert.Equal([T0 - 20 * S, 11.0], rows[0]);
        Assert.Equal([T0 + 10 * S, 95.0], rows[1]);
        Assert.Equal([T0 + 40 * S, 110.0], rows[2]);
    }

    [Fact]
    public void GroupByNamesPreferTableColumnsOverAliases()
    {
        // As in PostgreSQL: GROUP BY time groups by the raw column even when an output column is called time.
        Assert.Equal(6, _f.Rows("SELECT time_bucket('1m', time) AS time, count(*) FROM cpu GROUP BY time").Count);
        // An alias that is not a column groups by the aliased expression.
        Assert.Single(_f.Rows("SELECT time_bucket('1m', time) AS b, count(*) FROM cpu GROUP BY b"));
        Assert.Equal(9L, _f.Scalar("SELECT count(*) FROM cpu GROUP BY time_bucket('1m', time)"));
    }

    [Fact]
    public void SampleBy()
    {
        var (cols, rows) = _f.Query("SELECT time, max(usage) FROM cpu WHERE host = 'a' SAMPLE BY 30s");
        Assert.Equal(Chronicle.Sql.Execution.ResultType.Timestamp, cols[0].Type);
        Assert.Equal([T0, 30.0], rows[0]);
        Assert.Equal([T0 + 30 * S, 60.0], rows[1]);
        rows = _f.Rows("SELECT host, time, count(*) FROM cpu GROUP BY host SAMPLE BY 1m ORDER BY host");
        Assert.Equal(["a", T0, 6L], rows[0]);
        Assert.Equal(["b", T0, 3L], rows[1]);
    }

    [Fact]
    public void GroupOutputIsOrderedByKeyWithoutOrderBy()
    {
        var rows = _f.Rows("SELECT region, count(*) FROM cpu GROUP BY region");
        Assert.Equal(["eu", "us"], rows.Select(r => r[0]));
    }

    [Fact]
    public void HavingAndOrderByAggregates()
    {
        var rows = _f.Rows("SELECT host, avg(usage) FROM cpu GROUP BY host HAVING count(*) > 3");
        Assert.Equal(["a", 35.0], Assert.Single(rows));
        rows = _f.Rows("SELECT host FROM cpu GROUP BY host ORDER BY max(usage) LIMIT 1");
        Assert.Equal(["b"], Assert.Single(rows));
        rows = _f.Rows("SELECT host, sum(usage) / count(*) AS mean, max(usage) - min(usage) FROM cpu GROUP BY host ORDER BY mean DESC");
        Assert.Equal(["a", 35.0, 50.0], rows[0]);
        Assert.Equal(["b", 2.0, 2.0], rows[1]);
        Assert.Equal(1L, _f.Scalar("SELECT count(*) FROM cpu HAVING count(*) > 100 OR true") is long ? 1L : 0L);
    }

    [Fact]
    public void AggregateTypeErrors()
    {
        Assert.Contains("cannot be applied to VARCHAR", Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT avg(note) FROM cpu")).Message);
        Assert.Contains("only count(*)", Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT sum(*) FROM cpu")).Message);
        Assert.Contains("not allowed in an aggregate's argument", Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT max(avg(usage)) FROM cpu")).Message);
        Assert.Contains("between 0 and 1", Assert.Throws<ChronicleSqlException>(() => _f.Rows("SELECT percentile_cont(2) WITHIN GROUP (ORDER BY usage) FROM cpu")).Message);
    }
}
