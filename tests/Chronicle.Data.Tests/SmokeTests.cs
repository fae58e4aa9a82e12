namespace Chronicle.Data.Tests;

public class SmokeTests
{
    [Fact]
    public void Insert_and_select_round_trip()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        Assert.Equal(2, c.Execute("INSERT INTO cpu (time, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1.5), ('2024-01-01T00:01:00Z', 'b', 2.5)"));
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, host, usage FROM cpu ORDER BY time";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), r.GetDateTime(0));
        Assert.Equal("a", r.GetString(1));
        Assert.Equal(1.5, r.GetDouble(2));
        Assert.True(r.Read());
        Assert.False(r.Read());
    }
}
