namespace Chronicle.Data.Tests;

public class BatchTests
{
    [Fact]
    public void Each_batch_command_gets_its_own_records_affected()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var batch = c.CreateBatch();
        var one = batch.BatchCommands.Add("INSERT INTO cpu (time, host, usage) VALUES (@t, @h, 1)");
        one.Parameters.AddWithValue("t", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        one.Parameters.AddWithValue("h", "a");
        var two = batch.BatchCommands.Add("INSERT INTO cpu (time, host, usage) VALUES ('2024-01-01T00:00:00Z', 'b', 2), ('2024-01-01T00:00:00Z', 'c', 3)");
        var query = batch.BatchCommands.Add("SELECT count(usage) FROM cpu");
        Assert.Equal(-1, one.RecordsAffected);
        Assert.Equal(3, batch.ExecuteNonQuery());
        Assert.Equal(1, one.RecordsAffected);
        Assert.Equal(2, two.RecordsAffected);
        Assert.Equal(-1, query.RecordsAffected);
    }

    [Fact]
    public async Task Batch_reader_returns_each_query_in_order()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        c.Execute("INSERT INTO cpu (time, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1)");
        await using var batch = new ChronicleBatch(c);
        batch.BatchCommands.Add("SELECT host FROM cpu");
        var second = batch.BatchCommands.Add("SELECT usage FROM cpu WHERE host = @h");
        second.Parameters.AddWithValue("@h", "a");
        await using var r = await batch.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("a", r.GetString(0));
        Assert.True(await r.NextResultAsync());
        Assert.True(await r.ReadAsync());
        Assert.Equal(1.0, r.GetDouble(0));
        Assert.False(await r.NextResultAsync());
    }

    [Fact]
    public void Empty_batch_is_an_error()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        Assert.Throws<InvalidOperationException>(() => c.CreateBatch().ExecuteNonQuery());
    }

    [Fact]
    public void Factory_creates_provider_objects_and_registers()
    {
        System.Data.Common.DbProviderFactories.RegisterFactory(ChronicleFactory.InvariantName, ChronicleFactory.Instance);
        var f = System.Data.Common.DbProviderFactories.GetFactory("Chronicle.Data");
        Assert.IsType<ChronicleConnection>(f.CreateConnection());
        Assert.IsType<ChronicleCommand>(f.CreateCommand());
        Assert.IsType<ChronicleParameter>(f.CreateParameter());
        Assert.IsType<ChronicleConnectionStringBuilder>(f.CreateConnectionStringBuilder());
        Assert.IsType<ChronicleBatch>(f.CreateBatch());
        Assert.True(f.CanCreateBatch);
    }
}
