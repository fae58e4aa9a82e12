namespace Chronicle.Data.Tests;

/// <summary>Cancel(), the caller's token and CommandTimeout stop a query that is streaming.</summary>
public class CancellationTests
{
    private const int Rows = 50_000;

    private static ChronicleConnection OpenWithManyRows(TempDatabase db)
    {
        var c = db.Open();
        c.Execute("CREATE TABLE m (time TIMESTAMP, v DOUBLE)");
        using var bulk = c.BeginBulkInsert("m", "time", "v");
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < Rows; i++)
        {
            bulk.StartRow();
            bulk.Write(t0.AddSeconds(i));
            bulk.Write((double)i);
        }
        bulk.Complete();
        return c;
    }

    [Fact]
    public void Cancel_stops_a_query_mid_stream()
    {
        using var db = new TempDatabase();
        using var c = OpenWithManyRows(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, v FROM m";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        cmd.Cancel();
        int read = 1;
        var e = Assert.Throws<ChronicleException>(() => { while (r.Read()) read++; });
        Assert.Equal(ChronicleErrorCode.Canceled, e.Code);
        Assert.True(read < Rows, $"read {read} of {Rows} rows after Cancel()");
        r.Dispose();
        Assert.Equal((long)Rows, c.Scalar("SELECT count(v) FROM m"));
    }

    [Fact]
    public async Task A_cancelled_token_stops_ReadAsync_mid_stream()
    {
        using var db = new TempDatabase();
        using var c = OpenWithManyRows(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, v FROM m";
        using var cts = new CancellationTokenSource();
        await using var r = await cmd.ExecuteReaderAsync(cts.Token);
        Assert.True(await r.ReadAsync(cts.Token));
        await cts.CancelAsync();
        int read = 1;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => { while (await r.ReadAsync(cts.Token)) read++; });
        Assert.True(read < Rows);
    }

    [Fact]
    public void A_timeout_stops_the_reader_with_a_clear_message()
    {
        using var db = new TempDatabase();
        using var c = OpenWithManyRows(db);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT time, v FROM m";
        cmd.CommandTimeout = 1;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        // Wait until the timeout has fired (no assertion on durations: we wait for the event itself).
        Assert.True(SpinWait.SpinUntil(() => r.CancellationToken.IsCancellationRequested, TimeSpan.FromSeconds(60)));
        var e = Assert.Throws<ChronicleException>(() => { while (r.Read()) { } });
        Assert.Equal(ChronicleErrorCode.Timeout, e.Code);
        Assert.Contains("timed out after 1 s", e.Message);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void Cancel_when_nothing_runs_does_nothing()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        using var cmd = c.CreateCommand();
        cmd.Cancel();
        cmd.CommandText = "CREATE TABLE t (time TIMESTAMP, v DOUBLE)";
        Assert.Equal(0, cmd.ExecuteNonQuery());
    }
}
