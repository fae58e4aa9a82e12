using Chronicle.Storage.Catalog;

namespace Chronicle.Sql.Tests.Execution;

public class DdlTests
{
    [Fact]
    public void CreateTableWithOptionsShowAndDescribe()
    {
        using var f = new SqlFixture();
        Assert.Equal(0, f.Exec("CREATE TABLE cpu (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, n BIGINT, ok BOOLEAN, note VARCHAR) WITH (retention = 30d, shard_duration = '2 hours')"));
        var t = f.Engine.GetTable("cpu")!;
        Assert.Equal(TimeSpan.FromDays(30), t.Retention);
        Assert.Equal(TimeSpan.FromHours(2), t.ShardDuration);
        Assert.Equal(ColumnRole.Tag, t.FindColumn("region")!.Role);
        f.Exec("CREATE TABLE mem (time TIMESTAMP, free BIGINT)");
        var (cols, rows) = f.Query("SHOW TABLES");
        Assert.Equal("name", Assert.Single(cols).Name);
        Assert.Equal(["cpu", "mem"], rows.Select(r => (string)r[0]!));
        var d = f.Rows("DESCRIBE cpu");
        Assert.Equal(["time", "TIMESTAMP", "time"], d[0]);
        Assert.Equal(["host", "TAG", "tag"], d[1]);
        Assert.Equal(["usage", "DOUBLE", "field"], d[3]);
        Assert.Equal(["note", "VARCHAR", "field"], d[6]);
        Assert.Equal(d.Count, f.Rows("SHOW COLUMNS FROM cpu").Count);
    }

    [Fact]
    public void CreateExistingTableFailsUnlessIfNotExists()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, usage DOUBLE)");
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("CREATE TABLE cpu (time TIMESTAMP, usage DOUBLE)"));
        Assert.Contains("already exists", ex.Message);
        Assert.Equal(0, f.Exec("CREATE TABLE IF NOT EXISTS cpu (time TIMESTAMP, usage DOUBLE)"));
    }

    [Fact]
    public void InvalidTableDefinitionsAreClearErrors()
    {
        using var f = new SqlFixture();
        Assert.Contains("exactly one TIMESTAMP", Assert.Throws<ChronicleSqlException>(() => f.Exec("CREATE TABLE t (host TAG, v DOUBLE)")).Message);
        Assert.Contains("at least one field", Assert.Throws<ChronicleSqlException>(() => f.Exec("CREATE TABLE t (time TIMESTAMP, host TAG)")).Message);
        Assert.Contains("did you mean 'retention'", Assert.Throws<ChronicleSqlException>(() => f.Exec("CREATE TABLE t (time TIMESTAMP, v DOUBLE) WITH (retentoin = 1d)")).Message);
    }

    [Fact]
    public void DropTable()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, usage DOUBLE); INSERT INTO cpu VALUES (1, 2.0)");
        f.Exec("DROP TABLE cpu");
        Assert.Empty(f.Rows("SHOW TABLES"));
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("DROP TABLE cpu"));
        Assert.Contains("table 'cpu' does not exist", ex.Message);
        Assert.Equal(0, f.Exec("DROP TABLE IF EXISTS cpu"));
    }

    [Fact]
    public void UnknownTableSuggestsTheNearestName()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, usage DOUBLE)");
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Rows("SELECT usage FROM cpuu"));
        Assert.Equal("line 1, column 19: table 'cpuu' does not exist; did you mean 'cpu'?", ex.Message);
        Assert.Equal(1, ex.Line);
        Assert.Equal(19, ex.Column);
        Assert.Throws<ChronicleSqlException>(() => f.Rows("DESCRIBE nope"));
    }
}
