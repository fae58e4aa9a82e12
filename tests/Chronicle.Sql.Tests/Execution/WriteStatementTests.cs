using Chronicle.Sql.Execution;

namespace Chronicle.Sql.Tests.Execution;

public class WriteStatementTests
{
    private static readonly long T0 = SqlFixture.Ns("2024-01-01T00:00:00Z");
    private const long S = 1_000_000_000;

    private static SqlFixture Cpu()
    {
        var f = new SqlFixture();
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, host TAG, usage DOUBLE, n BIGINT)");
        for (int i = 0; i < 10; i++)
            f.Exec($"INSERT INTO cpu VALUES ({T0 + i * S}, 'a', {i}, {i}), ({T0 + i * S}, 'b', {i * 10}, NULL)");
        return f;
    }

    [Fact]
    public void DeleteByTimeRangeAndTag()
    {
        using var f = Cpu();
        // host a has two series (usage, n): rows affected is the number of series the tombstone covers.
        Assert.Equal(2, f.Exec("DELETE FROM cpu WHERE host = 'a' AND time >= '2024-01-01T00:00:05Z'"));
        Assert.Equal(5L, f.Scalar("SELECT count(*) FROM cpu WHERE host = 'a'"));
        Assert.Equal(10L, f.Scalar("SELECT count(*) FROM cpu WHERE host = 'b'"));
        Assert.Equal(0, f.Exec("DELETE FROM cpu WHERE host = 'nobody'"));
        f.Exec("DELETE FROM cpu WHERE time < '2024-01-01T00:00:02Z'");
        Assert.Equal(11L, f.Scalar("SELECT count(*) FROM cpu"));
        f.Exec("DELETE FROM cpu");
        Assert.Equal(0L, f.Scalar("SELECT count(*) FROM cpu"));
    }

    [Fact]
    public void DeleteRejectsFieldPredicates()
    {
        using var f = Cpu();
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("DELETE FROM cpu WHERE usage > 3"));
        Assert.Contains("DELETE can filter only by time ranges and tag predicates", ex.Message);
        Assert.Equal(20L, f.Scalar("SELECT count(*) FROM cpu"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TransactionCommitWritesEverythingAtOnce(bool async)
    {
        using var f = Cpu();
        f.Session.BeginTransaction();
        Assert.True(f.Session.InTransaction);
        f.Exec($"INSERT INTO cpu VALUES ({T0 + 100 * S}, 'c', 1, 1)");
        f.Exec($"INSERT INTO cpu VALUES ({T0 + 101 * S}, 'c', 2, 2), ({T0 + 102 * S}, 'd', 3, 3)");
        // Not visible before commit.
        Assert.Equal(0L, f.Scalar("SELECT count(*) FROM cpu WHERE host IN ('c', 'd')"));
        Assert.Throws<InvalidOperationException>(() => f.Session.BeginTransaction());
        if (async) await f.Session.CommitAsync();
        else f.Session.Commit();
        Assert.False(f.Session.InTransaction);
        Assert.Equal(3L, f.Scalar("SELECT count(*) FROM cpu WHERE host IN ('c', 'd')"));
        Assert.Throws<InvalidOperationException>(() => f.Session.Commit());

        // the next transaction reuses the committed batch's arrays: it writes only its own rows
        f.Session.BeginTransaction();
        f.Exec($"INSERT INTO cpu VALUES ({T0 + 103 * S}, 'd', 4, 4)");
        if (async) await f.Session.CommitAsync();
        else f.Session.Commit();
        Assert.Equal(4L, f.Scalar("SELECT count(*) FROM cpu WHERE host IN ('c', 'd')"));
    }

    [Fact]
    public void TransactionRollbackDiscards()
    {
        using var f = Cpu();
        f.Session.BeginTransaction();
        f.Exec($"INSERT INTO cpu VALUES ({T0 + 100 * S}, 'c', 1, 1)");
        f.Session.Rollback();
        Assert.Equal(0L, f.Scalar("SELECT count(*) FROM cpu WHERE host = 'c'"));
        Assert.Throws<InvalidOperationException>(() => f.Session.Rollback());
        f.Exec($"INSERT INTO cpu VALUES ({T0 + 100 * S}, 'c', 1, 1)");
        Assert.Equal(1L, f.Scalar("SELECT count(*) FROM cpu WHERE host = 'c'"));
    }

    [Fact]
    public async Task ExecuteAsyncRunsStatementsInOrder()
    {
        using var f = Cpu();
        var results = new List<StatementResult>();
        await foreach (var r in f.Session.ExecuteAsync($"INSERT INTO cpu VALUES ({T0 + 50 * S}, 'z', 1, 1); SELECT count(*) FROM cpu WHERE host = 'z'", SqlParameters.Empty))
        {
            results.Add(r);
            if (r.Query is { } q)
            {
                var batch = q.ReadBatch()!;
                Assert.Equal(1L, batch.Columns[0].GetValue(0));
                q.Dispose();
            }
        }
        Assert.Equal(1, results[0].RecordsAffected);
        Assert.Equal(-1, results[1].RecordsAffected);
    }

    [Fact]
    public void CopyFromCsvAndBack()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE w (time TIMESTAMP, location TAG, temp DOUBLE, weather VARCHAR, n BIGINT)");
        var csv = System.IO.Path.Combine(f.Path, "in.csv");
        File.WriteAllText(csv, "location,time,temp,weather,n\nSeattle,2012-01-01,12.8,drizzle,1\n\"New York\",2012-01-02T00:00:00Z,10.6,\"rain, heavy\",\n" + $"Seattle,{T0},5,,3\n");
        Assert.Equal(3, f.Exec($"COPY w FROM '{csv}' (FORMAT CSV)"));
        var rows = f.Rows("SELECT location, time, temp, weather, n FROM w ORDER BY time");
        Assert.Equal(["Seattle", SqlFixture.Ns("2012-01-01T00:00:00Z"), 12.8, "drizzle", 1L], rows[0]);
        Assert.Equal(["New York", SqlFixture.Ns("2012-01-02T00:00:00Z"), 10.6, "rain, heavy", null], rows[1]);
        Assert.Equal(["Seattle", T0, 5.0, null, 3L], rows[2]);

        var outCsv = System.IO.Path.Combine(f.Path, "out.csv");
        Assert.Equal(3, f.Exec($"COPY (SELECT location, time, temp FROM w ORDER BY time) TO '{outCsv}' (FORMAT CSV)"));
        var lines = File.ReadAllLines(outCsv);
        Assert.Equal("location,time,temp", lines[0]);
        Assert.Equal("New York,2012-01-02T00:00:00Z,10.6", lines[2]);
    }

    [Fact]
    public void CopyErrors()
    {
        using var f = new SqlFixture();
        f.Exec("CREATE TABLE w (time TIMESTAMP, temp DOUBLE)");
        var csv = System.IO.Path.Combine(f.Path, "bad.csv");
        File.WriteAllText(csv, "time,tmp\n2012-01-01,1\n");
        Assert.Contains("header column 'tmp' does not exist in table 'w'; did you mean 'temp'?", Assert.Throws<ChronicleSqlException>(() => f.Exec($"COPY w FROM '{csv}' (FORMAT CSV)")).Message);
        File.WriteAllText(csv, "time,temp\n2012-01-01,warm\n");
        Assert.Contains("line 2, column 'temp'", Assert.Throws<ChronicleSqlException>(() => f.Exec($"COPY w FROM '{csv}' (FORMAT CSV)")).Message);
        Assert.Contains("does not exist", Assert.Throws<ChronicleSqlException>(() => f.Exec("COPY w FROM '/nonexistent/x.csv' (FORMAT CSV)")).Message);
        Assert.Contains("COPY ... FORMAT ARROW is executed by the ADO.NET provider", Assert.Throws<ChronicleSqlException>(() => f.Exec("COPY w TO '/tmp/x.arrow' (FORMAT ARROW)")).Message);
        Assert.Contains("COPY ... FORMAT ARROW is executed by the ADO.NET provider", Assert.Throws<ChronicleSqlException>(() => f.Exec("COPY w FROM '/tmp/x.arrow'")).Message);
        Assert.Contains("table 'nope' does not exist", Assert.Throws<ChronicleSqlException>(() => f.Exec("COPY nope FROM '/tmp/x.arrow'")).Message);
    }

    /// <summary>A stand-in for the provider's Arrow COPY: exports count rows, imports one fixed row.</summary>
    private sealed class FakeArrowCopy : IArrowCopy
    {
        public string? ExportedPath;
        public int Export(QueryResult rows, string path, CancellationToken cancellationToken)
        {
            using (rows)
            {
                ExportedPath = path;
                int n = 0;
                while (rows.ReadBatch(cancellationToken) is { } b) n += b.RowCount;
                return n;
            }
        }

        public async ValueTask<int> ImportAsync(SqlSession session, Storage.Catalog.TableSchema table, string path, CancellationToken cancellationToken)
        {
            var writer = new Storage.Writing.TableWriter(session.Database.Storage, table.Name);
            writer.BeginRow(T0);
            writer.SetField(0, 42.0);
            writer.EndRow();
            await session.WritePendingAsync(writer, cancellationToken);
            return 1;
        }
    }

    [Fact]
    public async Task ArrowCopyGoesThroughTheInstalledHandler()
    {
        using var f = new SqlFixture();
        var arrow = new FakeArrowCopy();
        f.Database.ArrowCopy = arrow;
        f.Exec("CREATE TABLE w (time TIMESTAMP, temp DOUBLE)");
        f.Session.BeginTransaction();
        Assert.Equal(1, f.Exec("COPY w FROM '/tmp/in.arrow' (FORMAT ARROW)"));
        Assert.Equal(0L, f.Scalar("SELECT count(*) FROM w"));
        await f.Session.CommitAsync();
        Assert.Equal(42.0, f.Scalar("SELECT temp FROM w"));
        Assert.Equal(1, f.Exec("COPY (SELECT * FROM w) TO '/tmp/out.arrow' (FORMAT ARROW)"));
        Assert.Equal("/tmp/out.arrow", arrow.ExportedPath);
    }
}
