namespace Chronicle.Sql.Tests.Execution;

public class SmokeTests
{
    [Fact]
    public void CreateInsertSelect()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, host TAG, usage DOUBLE, n BIGINT)");
        Assert.Equal(2, f.Exec("INSERT INTO cpu (time, host, usage, n) VALUES ('2024-01-01T00:00:00Z', 'a', 1.5, 3), ('2024-01-01T00:00:10Z', 'a', 2.5, NULL)"));
        var (cols, rows) = f.Query("SELECT * FROM cpu ORDER BY time");
        Assert.Equal(["time", "host", "usage", "n"], cols.Select(c => c.Name));
        Assert.Equal(2, rows.Count);
        Assert.Equal(SqlFixture.Ns("2024-01-01T00:00:00Z"), rows[0][0]);
        Assert.Equal("a", rows[0][1]);
        Assert.Equal(1.5, rows[0][2]);
        Assert.Equal(3L, rows[0][3]);
        Assert.Null(rows[1][3]);
    }
}
