using System.Data;
using System.Diagnostics;
using Chronicle.Data.Internal;

namespace Chronicle.Data.Tests;

public class ConnectionTests
{
    [Fact]
    public void Connections_to_one_directory_share_one_engine_reference_counted()
    {
        using var db = new TempDatabase();
        Assert.Equal(0, DatabaseRegistry.LeaseCount(db.Directory));
        var a = db.Open();
        var b = new ChronicleConnection($"DataSource={db.Directory}/");  // alias and trailing slash: same directory
        b.Open();
        Assert.Equal(2, DatabaseRegistry.LeaseCount(db.Directory));
        Assert.Same(a.Storage, b.Storage);
        a.Close();
        Assert.Equal(1, DatabaseRegistry.LeaseCount(db.Directory));
        Assert.Equal(ConnectionState.Closed, a.State);
        b.Dispose();
        Assert.Equal(0, DatabaseRegistry.LeaseCount(db.Directory));
    }

    [Fact]
    public void Data_written_through_one_connection_is_seen_by_another_and_after_reopen()
    {
        using var db = new TempDatabase();
        using (var a = db.OpenWithCpu())
        using (var b = db.Open())
        {
            a.Execute("INSERT INTO cpu (time, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1)");
            Assert.Equal(1L, b.Scalar("SELECT count(usage) FROM cpu"));
        }
        Assert.Equal(0, DatabaseRegistry.LeaseCount(db.Directory));
        using var c = db.Open("Mode=ReadWrite");
        Assert.Equal(1L, c.Scalar("SELECT count(usage) FROM cpu"));
    }

    [Fact]
    public void Data_source_owns_the_engine_and_its_connections_are_cheap_sessions()
    {
        using var db = new TempDatabase();
        using (var source = ChronicleDataSource.Create(db.ConnectionString))
        {
            Assert.Equal(1, DatabaseRegistry.LeaseCount(db.Directory));
            using (var c = source.OpenConnection())
            {
                Assert.Equal(2, DatabaseRegistry.LeaseCount(db.Directory));
                c.Execute("CREATE TABLE t (time TIMESTAMP, v DOUBLE)");
            }
            Assert.Equal(1, DatabaseRegistry.LeaseCount(db.Directory));
            using var plain = db.Open();
            Assert.Same(source.Storage, plain.Storage);
            Assert.NotNull(plain.Storage.GetTable("t"));
        }
        Assert.Equal(0, DatabaseRegistry.LeaseCount(db.Directory));
    }

    [Fact]
    public void Data_source_commands_open_their_own_connection()
    {
        using var db = new TempDatabase();
        using var source = ChronicleDataSource.Create(db.ConnectionString);
        using (var create = source.CreateCommand("CREATE TABLE t (time TIMESTAMP, v DOUBLE)")) create.ExecuteNonQuery();
        using var insert = source.CreateCommand("INSERT INTO t (time, v) VALUES ('2024-01-01T00:00:00Z', 2.5)");
        Assert.Equal(1, insert.ExecuteNonQuery());
        using var select = source.CreateCommand("SELECT v FROM t");
        Assert.Equal(2.5, select.ExecuteScalar());
        Assert.Equal(1, DatabaseRegistry.LeaseCount(db.Directory));
    }

    [Fact]
    public void Concurrent_opens_and_closes_share_one_engine_and_release_it()
    {
        using var db = new TempDatabase();
        using (var c = db.Open()) c.Execute("CREATE TABLE t (time TIMESTAMP, v DOUBLE)");
        Parallel.For(0, 16, i =>
        {
            using var c = db.Open();
            c.Execute("INSERT INTO t (time, v) VALUES (@t, @v)", ("t", new DateTime(2024, 1, 1, 0, 0, i, DateTimeKind.Utc)), ("v", (double)i));
        });
        Assert.Equal(0, DatabaseRegistry.LeaseCount(db.Directory));
        using var check = db.Open();
        Assert.Equal(16L, check.Scalar("SELECT count(v) FROM t"));
    }

    [Theory]
    [InlineData("ReadWrite")]
    [InlineData("ReadOnly")]
    public void Opening_a_missing_database_without_create_says_so(string mode)
    {
        using var db = new TempDatabase();
        var c = new ChronicleConnection($"{db.ConnectionString};Mode={mode}");
        var e = Assert.Throws<ChronicleException>(c.Open);
        Assert.Equal(ChronicleErrorCode.DatabaseNotFound, e.Code);
        Assert.Contains(db.Directory, e.Message);
        Assert.Contains("ReadWriteCreate", e.Message);
        Assert.False(Directory.Exists(db.Directory));
        Assert.Equal(ConnectionState.Closed, c.State);
    }

    [Fact]
    public void Read_only_and_writable_opens_of_one_directory_conflict()
    {
        using var db = new TempDatabase();
        using (db.Open()) { }
        using var writer = db.Open();
        var e = Assert.Throws<ChronicleException>(() => db.Open("Mode=ReadOnly"));
        Assert.Equal(ChronicleErrorCode.ModeConflict, e.Code);
    }

    [Fact]
    public void No_data_source_is_a_clear_error()
    {
        var c = new ChronicleConnection("Sync Mode=Always");
        var e = Assert.Throws<InvalidOperationException>(c.Open);
        Assert.Contains("Data Source", e.Message);
    }

    [Fact]
    public void A_closed_connection_refuses_commands_with_a_clear_error()
    {
        using var db = new TempDatabase();
        var c = new ChronicleConnection(db.ConnectionString);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1";
        var e = Assert.Throws<InvalidOperationException>(() => cmd.ExecuteNonQuery());
        Assert.Contains("open connection", e.Message);
        Assert.Throws<InvalidOperationException>(() => c.BeginTransaction());
        Assert.Throws<InvalidOperationException>(() => c.BeginBulkInsert("cpu", "time"));
        c.Open();
        c.Close();
        Assert.Throws<InvalidOperationException>(() => cmd.ExecuteScalar());
    }

    [Fact]
    public void Connection_string_cannot_change_while_open()
    {
        using var db = new TempDatabase();
        using var c = db.Open();
        Assert.Throws<InvalidOperationException>(() => c.ConnectionString = "Data Source=elsewhere");
        Assert.Throws<InvalidOperationException>(c.Open);
    }

    [Fact]
    public void State_change_events_fire_on_open_and_close()
    {
        using var db = new TempDatabase();
        var c = new ChronicleConnection(db.ConnectionString);
        var seen = new List<ConnectionState>();
        c.StateChange += (_, e) => seen.Add(e.CurrentState);
        c.Open();
        c.Close();
        Assert.Equal([ConnectionState.Open, ConnectionState.Closed], seen);
    }

    /// <summary>
    /// A real second process holds the directory: the `chronicle hold-lock` command of the CLI
    /// (referenced by this project, so chronicle.dll sits next to the tests), run with `dotnet exec`.
    /// </summary>
    [Fact]
    public async Task A_directory_locked_by_another_process_gives_a_clear_error_naming_the_lock()
    {
        using var db = new TempDatabase();
        using (db.Open()) { }
        var cli = Path.Combine(AppContext.BaseDirectory, "chronicle.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", cli, "hold-lock", db.Directory }) start.ArgumentList.Add(a);
        using var holder = Process.Start(start)!;
        try
        {
            string? line;
            try
            {
                line = await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                line = "(no output within 60 s)";
            }
            if (line != "locked")
            {
                holder.Kill();
                Assert.Fail($"the lock holder did not start: '{line}' {await holder.StandardError.ReadToEndAsync()}");
            }
            var c = new ChronicleConnection(db.ConnectionString);
            var e = Assert.Throws<ChronicleException>(c.Open);
            Assert.Equal(ChronicleErrorCode.DatabaseLocked, e.Code);
            Assert.Contains("LOCK", e.Message);
            Assert.Contains("another process", e.Message);
            Assert.True(e.IsTransient);
            Assert.Equal(0, DatabaseRegistry.LeaseCount(db.Directory));
        }
        finally
        {
            holder.StandardInput.Close();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await holder.WaitForExitAsync(exit.Token); }
            catch (OperationCanceledException) { holder.Kill(); }
        }
        using var after = db.Open();
        Assert.Equal(ConnectionState.Open, after.State);
    }
}
