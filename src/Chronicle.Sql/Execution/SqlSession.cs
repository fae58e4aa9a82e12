namespace Chronicle.Sql.Execution;

/// <summary>
/// One connection's statement context: executes SQL scripts and holds the transaction state.
/// INSERTs inside a transaction are buffered and committed as one atomic WAL record; rollback
/// discards them. Not thread-safe (one command at a time, like an ADO.NET connection).
/// </summary>
public sealed class SqlSession : IDisposable
{
    internal SqlSession(SqlDatabase database) => Database = database;

    /// <summary>The database.</summary>
    public SqlDatabase Database { get; }

    /// <summary>Whether a transaction is open.</summary>
    public bool InTransaction => throw new NotImplementedException();

    /// <summary>
    /// Parses <paramref name="sql"/> (cached by text) and executes its statements one at a time as
    /// the sequence is enumerated, so a reader's NextResult runs the next statement.
    /// </summary>
    /// <exception cref="ChronicleSqlException">Syntax or semantic error (line, column, found, expected).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public IEnumerable<StatementResult> Execute(string sql, SqlParameters parameters, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Async form of <see cref="Execute"/>: statements that write await the WAL acknowledgement.</summary>
    public IAsyncEnumerable<StatementResult> ExecuteAsync(string sql, SqlParameters parameters, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Starts a transaction.</summary>
    /// <exception cref="InvalidOperationException">One is already open.</exception>
    public void BeginTransaction() => throw new NotImplementedException();

    /// <summary>Writes the transaction's buffered samples as one atomic WAL record.</summary>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Discards the transaction's buffered samples.</summary>
    public void Rollback() => throw new NotImplementedException();

    /// <inheritdoc/>
    public void Dispose() { }
}
