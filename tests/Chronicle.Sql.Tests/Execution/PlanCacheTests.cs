using Chronicle.Sql.Execution;
using Chronicle.Sql.Parsing;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;
using Chronicle.Storage;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>Reusing the plan of a SELECT run again (<see cref="PlanCache"/>), and when it must not be reused.</summary>
public class PlanCacheTests
{
    private static SelectStatement Parse(string sql) => (SelectStatement)SqlParser.ParseStatement(sql);

    private static SelectPlan Plan(SqlFixture f, SelectStatement s, Binder binder, bool pushdown = true) =>
        SelectPlanner.Plan(s, f.Engine.GetTable, f.Engine.Tables.Select(t => t.Name), binder, pushdown);

    [Fact]
    public void ATextOnlyPlanIsReusedWhileItsTableAndThePushdownSettingStay()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE)");
        var cache = new PlanCache();
        var s = Parse("SELECT host, max(v) FROM m WHERE time >= '2024-01-01T00:00:00Z' GROUP BY host");
        int planned = 0;
        SelectPlan Get(bool pushdown = true)
        {
            var binder = new Binder(SqlParameters.Empty, 0);
            return cache.GetOrPlan(s, binder, f.Engine.GetTable, pushdown, () => { planned++; return Plan(f, s, binder, pushdown); });
        }
        var first = Get();
        Assert.Same(first, Get());
        Assert.Equal(1, planned);
        Assert.NotSame(first, Get(pushdown: false));         // another setting: planned again
        Assert.Equal(2, planned);
        f.Exec("DROP TABLE m");
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE)");
        var afterRecreate = Get(pushdown: false);             // the same name, a new table
        Assert.Equal(3, planned);
        Assert.Same(afterRecreate, Get(pushdown: false));
        Assert.Same(f.Engine.GetTable("m"), afterRecreate.Scan!.Table);
    }

    [Theory]
    [InlineData("SELECT max(v) FROM m WHERE time > now() - INTERVAL '1 hour'")]
    [InlineData("SELECT max(v) FROM m WHERE v > @low")]
    [InlineData("SELECT max(v) FROM m WHERE host IN @hosts")]
    public void APlanThatUsedAParameterOrNowIsNotKept(string sql)
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE)");
        var cache = new PlanCache();
        var s = Parse(sql);
        int planned = 0;
        for (int i = 0; i < 2; i++)
        {
            var binder = new Binder(new SqlParameters().Add("low", 1.0 * i).Add("hosts", new[] { "a", "b" }), i);
            cache.GetOrPlan(s, binder, f.Engine.GetTable, true, () => { planned++; return Plan(f, s, binder); });
        }
        Assert.Equal(2, planned);
    }

    [Fact]
    public void RunningATextAgainSeesNewDataNewParametersAndARecreatedTable()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE)");
        f.Exec("INSERT INTO m VALUES (1000, 'a', 1), (2000, 'b', 5)");
        const string grouped = "SELECT host, max(v) FROM m WHERE time >= 0 GROUP BY host ORDER BY host";
        Assert.Equal(2, f.Rows(grouped).Count);
        f.Exec("INSERT INTO m VALUES (3000, 'c', 7)");                       // a new series
        Assert.Equal(["a", "b", "c"], f.Rows(grouped).Select(r => (string)r[0]!));
        const string filtered = "SELECT count(v) FROM m WHERE v > @low";
        Assert.Equal(2L, f.Scalar(filtered, new SqlParameters().Add("low", 2.0)));
        Assert.Equal(1L, f.Scalar(filtered, new SqlParameters().Add("low", 6.0)));
        f.Exec("DROP TABLE m");
        f.Exec("CREATE TABLE m (time TIMESTAMP, region TAG, host TAG, v DOUBLE)");  // the tag moves
        f.Exec("INSERT INTO m VALUES (1000, 'eu', 'z', 2)");
        Assert.Equal(["z"], f.Rows(grouped).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task ABucketedPushdownRunAgainKeepsItsLayoutOnlyWhileTheSeriesStayTheSame()
    {
        // One text run after each change: its plan and pushdown layout (key values, field series,
        // grid rows) are kept while the catalog is unchanged and must be rebuilt when a series
        // appears. Each answer is checked against the row path and against what the data says.
        const long M = 60 * S;
        using var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ChunkSize = 4 });
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, a DOUBLE, b DOUBLE)");
        const string query = "SELECT time_bucket('1m', time) AS bk, max(a) FROM m WHERE time >= 0 AND time < 600000000000 GROUP BY bk ORDER BY bk";
        const string rowQuery = "SELECT time_bucket('1m', time) AS bk, max(a) FROM m WHERE (a > 1e300 OR time > -1) AND time >= 0 AND time < 600000000000 GROUP BY bk ORDER BY bk";
        List<(long Bucket, double? Max)> Run()
        {
            var rows = f.Rows(query);
            PushdownAndExplainTests.AssertSame(f.Rows(rowQuery), rows, query);
            return rows.Select(r => ((long)r[0]!, (double?)r[1])).ToList();
        }

        f.Exec("INSERT INTO m (time, host, a) VALUES (10000000000, 'h1', 1), (70000000000, 'h1', 2), (130000000000, 'h1', 3)");
        Assert.Equal([(0L, 1.0), (M, 2.0), (2 * M, 3.0)], Run());
        var plan = Assert.Single(CachedPlans(f), p => p.Pushdown is not null);
        var layout = plan.LastPushdownLayout;
        Assert.NotNull(layout);
        Run();
        Assert.Same(layout, plan.LastPushdownLayout);                           // kept while nothing changed

        f.Exec("INSERT INTO m (time, host, b) VALUES (310000000000, 'h1', 9)");  // a new field series: it only creates a group
        Assert.Equal([(0L, 1.0), (M, 2.0), (2 * M, 3.0), (5 * M, (double?)null)], Run());
        Assert.NotSame(layout, plan.LastPushdownLayout);

        f.Exec("INSERT INTO m (time, host, a) VALUES (430000000000, 'h2', 7)");  // a new host
        Assert.Equal([(0L, 1.0), (M, 2.0), (2 * M, 3.0), (5 * M, null), (7 * M, 7.0)], Run());

        await f.Engine.FlushAsync();
        layout = plan.LastPushdownLayout;
        f.Exec("INSERT INTO m (time, host, a) VALUES (70000000000, 'h1', 20), (20000000000, 'h1', 0.5)");  // an overwrite and an out-of-order sample over the segment
        Assert.Equal([(0L, 1.0), (M, 20.0), (2 * M, 3.0), (5 * M, null), (7 * M, 7.0)], Run());
        f.Exec("DELETE FROM m WHERE host = 'h1' AND time >= 0 AND time < 120000000000");                   // a tombstone over buckets 0 and 1
        Assert.Equal([(2 * M, 3.0), (5 * M, null), (7 * M, 7.0)], Run());
        Assert.Same(layout, plan.LastPushdownLayout);                           // the same series throughout
    }

    [Fact]
    public void AParameterizedBucketedPushdownFollowsItsParameterValues()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, a DOUBLE)");
        f.Exec("INSERT INTO m VALUES (10000000000, 'h1', 1), (70000000000, 'h1', 2), (130000000000, 'h2', 3)");
        const string query = "SELECT time_bucket('1m', time) AS bk, max(a) FROM m WHERE time >= @from AND time < @to AND host IN @hosts GROUP BY bk ORDER BY bk";
        List<(long, double)> Run(long from, long to, string[] hosts) =>
            f.Rows(query, new SqlParameters().Add("from", from).Add("to", to).Add("hosts", hosts)).Select(r => ((long)r[0]!, (double)r[1]!)).ToList();
        Assert.Equal([(0L, 1.0), (60 * S, 2.0)], Run(0, 120 * S, ["h1", "h2"]));
        Assert.Equal([(120 * S, 3.0)], Run(100 * S, 200 * S, ["h1", "h2"]));
        Assert.Equal([(60 * S, 2.0)], Run(60 * S, 200 * S, ["h1"]));
        Assert.Empty(CachedPlans(f));                                           // nothing kept: every run plans anew
    }

    private const long S = 1_000_000_000;

    /// <summary>The plans <paramref name="f"/>'s database keeps.</summary>
    private static List<SelectPlan> CachedPlans(SqlFixture f) => f.Database.Plans.Plans.ToList();

    [Fact]
    public void TheCatalogVersionGrowsWithEveryTableOrSeriesAddedOrRemoved()
    {
        using var f = new SqlFixture();
        long Version() { using var view = f.Engine.OpenReadView(); return view.CatalogVersion; }
        long v0 = Version();
        f.Exec("CREATE TABLE m (time TIMESTAMP, host TAG, v DOUBLE)");
        long v1 = Version();
        Assert.True(v1 > v0);
        f.Exec("INSERT INTO m VALUES (1000, 'a', 1)");
        long v2 = Version();
        Assert.True(v2 > v1);
        f.Exec("INSERT INTO m VALUES (2000, 'a', 2)");              // the same series: no change
        Assert.Equal(v2, Version());
        f.Exec("DROP TABLE m");
        Assert.True(Version() > v2);
    }
}
