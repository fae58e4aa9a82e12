using System.Data;

namespace Chronicle.Data.Tests;

public class CommandTests
{
    private const string TwoRows =
        "INSERT INTO cpu (time, host, region, usage, count, up, note) VALUES " +
        "('2024-01-01T00:00:00Z', 'a', 'eu', 1.5, 10, true, 'x'), ('2024-01-01T00:01:00Z', 'b', 'us', 2.5, 20, false, NULL)";

    [Fact]
    public void ExecuteNonQuery_returns_rows_affected()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        Assert.Equal(2, c.Execute(TwoRows));
        Assert.Equal(4, c.Execute(TwoRows.Replace("2024", "2025") + "; " + TwoRows.Replace("2024", "2023")));
    }

    [Fact]
    public void ExecuteReader_walks_several_results_and_runs_the_statements_between()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = TwoRows + "; SELECT host FROM cpu ORDER BY time; SELECT count(usage) AS n FROM cpu";
        using (var r = cmd.ExecuteReader())
        {
            Assert.Equal(1, r.FieldCount);
            Assert.Equal("host", r.GetName(0));
            Assert.True(r.HasRows);
            var hosts = new List<string>();
            while (r.Read()) hosts.Add(r.GetString(0));
            Assert.Equal(["a", "b"], hosts);
            Assert.True(r.NextResult());
            Assert.Equal("n", r.GetName(0));
            Assert.True(r.Read());
            Assert.Equal(2L, r.GetInt64(0));
            Assert.False(r.NextResult());
            Assert.Equal(2, r.RecordsAffected);
        }
        Assert.Equal(2L, c.Scalar("SELECT count(usage) FROM cpu"));
    }

    [Fact]
    public void Closing_a_reader_early_still_runs_the_remaining_statements()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(usage) FROM cpu; " + TwoRows;
        using (var r = cmd.ExecuteReader()) Assert.True(r.Read());
        Assert.Equal(2L, c.Scalar("SELECT count(usage) FROM cpu"));
    }

    [Fact]
    public void ExecuteScalar_returns_first_value_null_when_no_rows_and_DBNull_for_NULL()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        c.Execute(TwoRows);
        Assert.Equal("a", c.Scalar("SELECT host FROM cpu ORDER BY time LIMIT 1"));
        Assert.Null(c.Scalar("SELECT host FROM cpu WHERE host = 'zzz'"));
        Assert.Equal(DBNull.Value, c.Scalar("SELECT note FROM cpu WHERE host = 'b'"));
        Assert.Null(c.Scalar("CREATE TABLE t2 (time TIMESTAMP, v DOUBLE)"));
    }

    [Fact]
    public async Task Async_forms_work_and_honour_a_cancelled_token()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = TwoRows;
        Assert.Equal(2, await cmd.ExecuteNonQueryAsync());
        cmd.CommandText = "SELECT usage FROM cpu ORDER BY time";
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            var values = new List<double>();
            while (await r.ReadAsync()) values.Add(r.GetDouble(0));
            Assert.Equal([1.5, 2.5], values);
            Assert.False(await r.NextResultAsync());
        }
        Assert.Equal(1.5, await cmd.ExecuteScalarAsync());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cmd.ExecuteReaderAsync(cts.Token));
        // The connection is usable afterwards.
        Assert.Equal(1.5, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public void Bad_sql_gives_ChronicleException_with_line_and_column()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT usage\nFORM cpu";
        var e = Assert.Throws<ChronicleException>(() => cmd.ExecuteReader());
        Assert.Equal(ChronicleErrorCode.SyntaxError, e.Code);
        Assert.Equal(2, e.Line);
        Assert.Equal(1, e.Column);
        Assert.Contains("FORM", e.Message);
        Assert.IsType<Chronicle.Sql.ChronicleSqlException>(e.InnerException);
        // The connection is usable afterwards (no reader left open).
        Assert.Equal(0L, c.Scalar("SELECT count(usage) FROM cpu"));
    }

    [Fact]
    public void Unknown_table_is_a_semantic_error()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var e = Assert.Throws<ChronicleException>(() => c.Scalar("SELECT usage FROM cpus"));
        Assert.Equal(ChronicleErrorCode.SemanticError, e.Code);
        Assert.Contains("cpus", e.Message);
        Assert.True(e.Line >= 1);
    }

    [Fact]
    public void Prepare_reports_syntax_errors_early()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT host FROM cpu WHERE usage > @min";
        cmd.Prepare();
        cmd.Parameters.AddWithValue("min", 0.0);
        Assert.Null(cmd.ExecuteScalar());
        cmd.CommandText = "SELEC 1";
        Assert.Equal(ChronicleErrorCode.SyntaxError, Assert.Throws<ChronicleException>(cmd.Prepare).Code);
    }

    [Fact]
    public void Misuse_gives_InvalidOperationException()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var noConnection = new ChronicleCommand("SELECT 1");
        Assert.Contains("no Connection", Assert.Throws<InvalidOperationException>(() => noConnection.ExecuteNonQuery()).Message);
        using var empty = c.CreateCommand();
        Assert.Contains("CommandText", Assert.Throws<InvalidOperationException>(() => empty.ExecuteNonQuery()).Message);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT host FROM cpu";
        using var r = cmd.ExecuteReader();
        Assert.Contains("DataReader", Assert.Throws<InvalidOperationException>(() => cmd.ExecuteNonQuery()).Message);
        Assert.Throws<NotSupportedException>(() => cmd.CommandType = CommandType.StoredProcedure);
        Assert.Throws<ArgumentException>(() => cmd.CommandTimeout = -1);
    }

    [Fact]
    public void Command_timeout_defaults_from_the_connection_string()
    {
        using var db = new TempDatabase();
        using var c = db.Open("Default Command Timeout=5");
        Assert.Equal(5, c.CreateCommand().CommandTimeout);
        Assert.Equal(30, new ChronicleCommand().CommandTimeout);
    }
}
