using System.Data;
using System.Data.Common;
using Chronicle.Data.Internal;

namespace Chronicle.Data;

/// <summary>
/// A transaction on a <see cref="ChronicleConnection"/>: the INSERTs run on the connection while
/// it is open are buffered, and <see cref="Commit"/> writes them as one atomic WAL record (all or
/// nothing after a crash). <see cref="Rollback"/> discards them, and so does disposing the
/// transaction without committing. Reads see committed data. Every command of the connection
/// takes part, whether or not its <see cref="DbCommand.Transaction"/> is set.
/// </summary>
public sealed class ChronicleTransaction : DbTransaction
{
    private ChronicleConnection? _connection;

    internal ChronicleTransaction(ChronicleConnection connection)
    {
        try
        {
            connection.Session.BeginTransaction();
        }
        catch (Exception e) when (Errors.IsEngineError(e))
        {
            throw Errors.Wrap(e)!;
        }
        _connection = connection;
    }

    /// <summary>The connection, or null once the transaction has completed.</summary>
    public new ChronicleConnection? Connection => _connection;

    /// <inheritdoc/>
    protected override DbConnection? DbConnection => _connection;

    /// <summary><see cref="IsolationLevel.ReadCommitted"/>: a transaction's writes are invisible until it commits.</summary>
    public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

    /// <summary>Writes the buffered samples as one atomic WAL record and waits for the acknowledgement.</summary>
    /// <exception cref="InvalidOperationException">Already committed or rolled back.</exception>
    /// <exception cref="ChronicleException">The write failed (nothing of the transaction is visible, and the transaction is rolled back so the connection does not go on buffering).</exception>
    public override void Commit() => CommitCoreAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Async form of <see cref="Commit"/>.</summary>
    public override Task CommitAsync(CancellationToken cancellationToken = default) => CommitCoreAsync(async: true, cancellationToken).AsTask();

    /// <summary>Commits; with <paramref name="async"/> false it completes synchronously, blocking (not spinning) on the WAL acknowledgement.</summary>
    private async ValueTask CommitCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw Errors.TransactionCompleted();
        bool committed = false;
        try
        {
            if (async) await connection.Session.CommitAsync(cancellationToken).ConfigureAwait(false);
            else connection.Session.Commit();
            committed = true;
        }
        catch (Exception e) when (Errors.IsEngineError(e))
        {
            throw Errors.Wrap(e)!;
        }
        finally
        {
            if (!committed && connection.State == ConnectionState.Open && connection.Session.InTransaction) connection.Session.Rollback();
            Complete();
        }
    }

    /// <summary>Discards the buffered samples.</summary>
    /// <exception cref="InvalidOperationException">Already committed or rolled back.</exception>
    public override void Rollback()
    {
        var connection = _connection ?? throw Errors.TransactionCompleted();
        try
        {
            connection.Session.Rollback();
        }
        finally
        {
            Complete();
        }
    }

    private void Complete()
    {
        if (_connection is { } c && ReferenceEquals(c.Transaction, this)) c.Transaction = null;
        _connection = null;
    }

    /// <summary>Rolls back when neither committed nor rolled back.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _connection is not null) Rollback();
        base.Dispose(disposing);
    }
}
