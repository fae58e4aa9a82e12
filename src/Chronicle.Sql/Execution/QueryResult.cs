namespace Chronicle.Sql.Execution;

/// <summary>
/// The rows of one query, streamed batch by batch: memory stays bounded by the batch size and the
/// aggregation state. Dispose it to release the read snapshot.
/// </summary>
public abstract class QueryResult : IDisposable
{
    /// <summary>The result's columns.</summary>
    public abstract IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>The next batch, or null at the end.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (checked between batches).</exception>
    public abstract ColumnBatch? ReadBatch(CancellationToken cancellationToken = default);

    /// <summary>The next batch, or null at the end. Where the operator tree does I/O it is awaited.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public virtual ValueTask<ColumnBatch?> ReadBatchAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReadBatch(cancellationToken));

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the snapshot and operator state.</summary>
    protected virtual void Dispose(bool disposing) { }
}

/// <summary>What one statement produced: rows (a query) or a count of records affected.</summary>
public sealed class StatementResult
{
    /// <summary>A result of a statement that returns no rows.</summary>
    public StatementResult(int recordsAffected) => RecordsAffected = recordsAffected;

    /// <summary>A result of a query.</summary>
    public StatementResult(QueryResult query)
    {
        Query = query;
        RecordsAffected = -1;
    }

    /// <summary>Rows inserted or deleted, 0 for DDL, -1 for queries.</summary>
    public int RecordsAffected { get; }

    /// <summary>The rows, for SELECT, SHOW, DESCRIBE and EXPLAIN; otherwise null.</summary>
    public QueryResult? Query { get; }
}
