using System.Runtime.CompilerServices;
using Chronicle.Sql.Parsing;
using Chronicle.Sql.Syntax;
using Chronicle.Storage.Writing;

namespace Chronicle.Sql.Execution;

/// <summary>
/// One connection's statement context: executes SQL scripts and holds the transaction state.
/// INSERTs (pending in the session's table writers) and imports (in one <see cref="SampleBatch"/>)
/// inside a transaction are buffered and committed as one atomic WAL record, in the order they
/// were written; rollback discards them. Reads inside a transaction do not see
/// its uncommitted rows. Not thread-safe (one command at a time, like an ADO.NET connection).
/// </summary>
public sealed class SqlSession : IDisposable
{
    /// <summary>A committed transaction's batch of at most this many samples is kept (cleared) for the next transaction.</summary>
    private const int ReuseBatchUpTo = 1 << 20;

    private readonly StatementExecutor _executor;
    private SampleBatch? _spareBatch;

    internal SqlSession(SqlDatabase database)
    {
        Database = database;
        _executor = new StatementExecutor(this);
    }

    /// <summary>The database.</summary>
    public SqlDatabase Database { get; }

    /// <summary>Whether a transaction is open.</summary>
    public bool InTransaction => TransactionBatch is not null;

    /// <summary>The open transaction's buffered samples, or null.</summary>
    internal SampleBatch? TransactionBatch { get; private set; }

    /// <summary>
    /// Parses <paramref name="sql"/> (cached by text) and executes its statements one at a time as
    /// the sequence is enumerated, so a reader's NextResult runs the next statement. Statements that
    /// write wait for the WAL acknowledgement synchronously.
    /// </summary>
    /// <exception cref="ChronicleSqlException">Syntax or semantic error (line, column, found, expected).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IEnumerable<StatementResult> Execute(string sql, SqlParameters parameters, CancellationToken cancellationToken = default)
    {
        var statements = SqlParser.ParseCached(sql);
        for (int i = 0; i < statements.Count; i++)
        {
            var execution = _executor.ExecuteAsync(statements[i], parameters, cancellationToken);
            yield return execution.IsCompletedSuccessfully ? execution.Result : execution.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Async form of <see cref="Execute"/>: statements that write await the WAL acknowledgement.</summary>
    public async IAsyncEnumerable<StatementResult> ExecuteAsync(string sql, SqlParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var statements = SqlParser.ParseCached(sql);
        foreach (var statement in statements)
            yield return await _executor.ExecuteAsync(statement, parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Executes one statement of <see cref="SqlParser.ParseCached"/>'s list: what <see cref="Execute"/>
    /// and <see cref="ExecuteAsync"/> do per statement, for a caller that walks the list itself
    /// (the ADO.NET provider's statement cursor, without an enumerator per command).
    /// </summary>
    /// <exception cref="ChronicleSqlException">Semantic error.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    internal ValueTask<StatementResult> ExecuteStatementAsync(Statement statement, SqlParameters parameters, CancellationToken cancellationToken) =>
        _executor.ExecuteAsync(statement, parameters, cancellationToken);

    /// <summary>
    /// Writes a writer's pending rows: into the open transaction's batch when there is one,
    /// otherwise to the engine as one atomic batch (awaiting the WAL acknowledgement).
    /// </summary>
    internal async ValueTask WritePendingAsync(TableWriter writer, CancellationToken cancellationToken)
    {
        if (writer.PendingRows == 0 && writer.PendingSamples == 0) return;
        if (TransactionBatch is { } batch)
        {
            _executor.Inserts.DrainPending(batch); // earlier INSERTs first: the batch keeps write order
            writer.DrainInto(batch);
        }
        else await writer.WriteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a transaction.</summary>
    /// <exception cref="InvalidOperationException">One is already open.</exception>
    public void BeginTransaction()
    {
        if (TransactionBatch is not null) throw new InvalidOperationException("a transaction is already open on this session");
        TransactionBatch = _spareBatch ?? new SampleBatch();
        _spareBatch = null;
    }

    /// <summary>Writes the transaction's buffered samples as one atomic WAL record and closes the transaction.</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default) => CommitCoreAsync(async: true, cancellationToken);

    /// <summary>
    /// <see cref="CommitAsync"/> for synchronous callers: waits for the WAL acknowledgement by
    /// blocking (<see cref="Chronicle.Storage.StorageEngine.Write"/>), not by spinning on a task.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void Commit() => CommitCoreAsync(async: false, CancellationToken.None).GetAwaiter().GetResult();

    private async ValueTask CommitCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var batch = TransactionBatch ?? throw new InvalidOperationException("no transaction is open on this session");
        _executor.Inserts.DrainPending(batch);
        if (batch.Count > 0)
        {
            if (async) await Database.Storage.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            else Database.Storage.Write(batch);
        }

        TransactionBatch = null;
        // The engine keeps no reference to a written batch: its arrays serve the next transaction.
        if (batch.Count <= ReuseBatchUpTo)
        {
            batch.Clear();
            _spareBatch = batch;
        }
    }

    /// <summary>Discards the transaction's buffered samples (series that imports in it created stay in the catalog, empty; INSERTs create theirs at commit).</summary>
    /// <exception cref="InvalidOperationException">No transaction is open.</exception>
    public void Rollback()
    {
        if (TransactionBatch is null) throw new InvalidOperationException("no transaction is open on this session");
        _executor.Inserts.DiscardPending();
        TransactionBatch = null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _executor.Inserts.DiscardPending();
        TransactionBatch = null;
    }
}
