using System.Data;

namespace Chronicle.Data.Tests;

public class TransactionTests
{
    private const string Insert = "INSERT INTO cpu (time, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1), ('2024-01-01T00:01:00Z', 'a', 2)";

    [Fact]
    public void Commit_makes_the_writes_visible()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var other = db.Open();
        using (var tx = c.BeginTransaction())
        {
            Assert.Equal(IsolationLevel.ReadCommitted, tx.IsolationLevel);
            Assert.Equal(2, c.Execute(Insert));
            Assert.Equal(0L, other.Scalar("SELECT count(usage) FROM cpu"));
            Assert.Equal(0L, c.Scalar("SELECT count(usage) FROM cpu")); // ReadCommitted: invisible to its own reads too
            tx.Commit();
            Assert.Null(tx.Connection);
        }
        Assert.Equal(2L, other.Scalar("SELECT count(usage) FROM cpu"));
    }

    [Fact]
    public async Task CommitAsync_commits()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        await using var tx = await c.BeginTransactionAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = Insert;
        cmd.Transaction = (ChronicleTransaction)tx;
        await cmd.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        Assert.Equal(2L, c.Scalar("SELECT count(usage) FROM cpu"));
    }

    [Fact]
    public void Rollback_and_dispose_without_commit_discard_the_writes()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var tx = c.BeginTransaction();
        c.Execute(Insert);
        tx.Rollback();
        Assert.Throws<InvalidOperationException>(tx.Commit);
        using (c.BeginTransaction()) c.Execute(Insert);
        Assert.Equal(0L, c.Scalar("SELECT count(usage) FROM cpu"));
    }

    [Fact]
    public void Nested_transactions_and_unsupported_levels_are_refused()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        Assert.Throws<ArgumentException>(() => c.BeginTransaction(IsolationLevel.Serializable));
        using var tx = c.BeginTransaction();
        Assert.Contains("already open", Assert.Throws<InvalidOperationException>(() => c.BeginTransaction()).Message);
    }

    [Fact]
    public void Closing_the_connection_rolls_back()
    {
        using var db = new TempDatabase();
        using (var c = db.OpenWithCpu())
        {
            c.BeginTransaction();
            c.Execute(Insert);
        }
        using var again = db.Open();
        Assert.Equal(0L, again.Scalar("SELECT count(usage) FROM cpu"));
    }
}
