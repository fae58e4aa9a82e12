namespace Chronicle.Data.Tests;

public class BulkInserterTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Rows_written_with_every_column_type_are_read_back()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using (var bulk = c.BeginBulkInsert("cpu", "host", "time", "usage", "count", "up", "note"))
        {
            Assert.Equal(["host", "time", "usage", "count", "up", "note"], bulk.Columns);
            for (int i = 0; i < 10; i++)
            {
                bulk.StartRow();
                bulk.Write(i % 2 == 0 ? "even" : "odd");
                bulk.Write(T0.AddMinutes(i));
                bulk.Write(i * 1.5);
                bulk.Write((long)i);
                bulk.Write(i % 3 == 0);
                if (i == 9) bulk.WriteNull(); else bulk.Write($"n{i}");
            }
            Assert.Equal(10UL, bulk.Complete());
        }
        Assert.Equal(5L, c.Scalar("SELECT count(usage) FROM cpu WHERE host = 'odd'"));
        Assert.Equal(13.5, c.Scalar("SELECT usage FROM cpu WHERE time = @t", ("t", T0.AddMinutes(9))));
        Assert.Equal(DBNull.Value, c.Scalar("SELECT note FROM cpu WHERE time = @t", ("t", T0.AddMinutes(9))));
        Assert.Equal("n3", c.Scalar("SELECT note FROM cpu WHERE time = @t", ("t", T0.AddMinutes(3))));
    }

    [Fact]
    public async Task Column_appends_write_one_tag_set_and_CompleteAsync_writes_in_chunks()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        int n = ChronicleBulkInserter.ChunkRows + 1000; // more than one chunk
        var ts = Enumerable.Range(0, n).Select(i => 1_000_000_000L * i).ToArray();
        var values = ts.Select(t => (double)(t / 1_000_000_000L)).ToArray();
        await using (var bulk = c.BeginBulkInsert("cpu", "time", "region", "host", "usage"))
        {
            bulk.AppendColumns(ts, ["eu", "h1"], "usage", values);
            await bulk.CompleteAsync();
        }
        Assert.Equal((long)n, c.Scalar("SELECT count(usage) FROM cpu WHERE host = 'h1' AND region = 'eu'"));
        Assert.Equal(values.Sum(), c.Scalar("SELECT sum(usage) FROM cpu"));
    }

    [Fact]
    public void Dispose_without_complete_writes_nothing()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using (var bulk = c.BeginBulkInsert("cpu", "time", "usage"))
        {
            bulk.StartRow();
            bulk.Write(T0);
            bulk.Write(1.0);
        }
        Assert.Equal(0L, c.Scalar("SELECT count(usage) FROM cpu"));
        using var next = c.BeginBulkInsert("cpu", "time", "usage"); // the connection is free again
    }

    [Fact]
    public void The_state_machine_gives_precise_errors()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var bulk = c.BeginBulkInsert("cpu", "time", "host", "usage");
        Assert.Contains("StartRow()", Assert.Throws<InvalidOperationException>(() => bulk.Write(1.0)).Message);
        Assert.Contains("in progress", Assert.Throws<InvalidOperationException>(() => c.BeginBulkInsert("cpu", "time")).Message);
        bulk.StartRow();
        bulk.Write(T0);
        var short1 = Assert.Throws<InvalidOperationException>(bulk.StartRow);
        Assert.Contains("1 of 3", short1.Message);
        Assert.Contains("'host'", short1.Message);
        bulk.Write("h");
        Assert.Contains("2 of 3", Assert.Throws<InvalidOperationException>(() => bulk.Complete()).Message);
        bulk.Write(2.0);
        Assert.Contains("all 3", Assert.Throws<InvalidOperationException>(() => bulk.Write(3.0)).Message);
        Assert.Contains("'usage'", Assert.Throws<InvalidCastException>(() => { bulk.StartRow(); bulk.Write(T0); bulk.Write("h"); bulk.Write("not a number"); }).Message);
        bulk.Write(4.0);
        Assert.Equal(2UL, bulk.Complete());
        Assert.Contains("completed", Assert.Throws<InvalidOperationException>(bulk.StartRow).Message);
        Assert.Contains("completed", Assert.Throws<InvalidOperationException>(() => bulk.Complete()).Message);
        bulk.Dispose();

        var disposed = c.BeginBulkInsert("cpu", "time", "usage");
        disposed.Dispose();
        Assert.Contains("disposed", Assert.Throws<InvalidOperationException>(() => disposed.StartRow()).Message);
    }

    [Fact]
    public void Time_cannot_be_null_and_columns_are_checked()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using (var bulk = c.BeginBulkInsert("cpu", "time", "usage"))
        {
            bulk.StartRow();
            Assert.Contains("time column", Assert.Throws<InvalidOperationException>(bulk.WriteNull).Message);
        }
        Assert.Contains("'time'", Assert.Throws<ArgumentException>(() => c.BeginBulkInsert("cpu", "host", "usage")).Message);
        var unknown = Assert.Throws<ArgumentException>(() => c.BeginBulkInsert("cpu", "time", "usgae"));
        Assert.Contains("usgae", unknown.Message);
        Assert.Contains("usage", unknown.Message);
        Assert.Throws<ArgumentException>(() => c.BeginBulkInsert("cpu", "time", "usage", "USAGE"));
        var e = Assert.Throws<ChronicleException>(() => c.BeginBulkInsert("nosuch", "time"));
        Assert.Contains("nosuch", e.Message);
        using var ok = c.BeginBulkInsert("cpu", "time", "host", "usage");
        Assert.Throws<ArgumentException>(() => ok.AppendColumns([1L], ["a"], "usage", [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => ok.AppendColumns([1L], [], "usage", [1.0]));
        Assert.Throws<ArgumentException>(() => ok.AppendColumns([1L], ["a"], "note", [1.0]));
    }

    [Fact]
    public void DateTime_kinds_follow_the_provider_policy()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using (var bulk = c.BeginBulkInsert("cpu", "time", "host", "usage"))
        {
            var kinds = new object[] { T0, DateTime.SpecifyKind(T0, DateTimeKind.Unspecified), T0.ToLocalTime(), new DateTimeOffset(T0).ToOffset(TimeSpan.FromHours(3)), (T0 - DateTime.UnixEpoch).Ticks * 100 };
            for (int i = 0; i < kinds.Length; i++)
            {
                bulk.StartRow();
                bulk.Write(kinds[i]);
                bulk.Write($"h{i}");
                bulk.Write(1.0);
            }
            bulk.Complete();
        }
        Assert.Equal(5L, c.Scalar("SELECT count(usage) FROM cpu WHERE time = @t", ("t", T0)));
    }
}
