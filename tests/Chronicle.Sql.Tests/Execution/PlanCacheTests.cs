using Chronicle.Sql.Execution;
using Chronicle.Sql.Parsing;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;

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
