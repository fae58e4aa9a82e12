namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// A pull-based operator over column batches (the Volcano model, batch at a time): each call of
/// <see cref="Next"/> returns the next batch of at most <see cref="BatchSize"/> rows, or null at the end.
/// </summary>
internal abstract class Operator : IDisposable
{
    /// <summary>Rows per batch produced by scans and re-batching operators.</summary>
    public const int BatchSize = 4096;

    /// <summary>The output columns.</summary>
    public abstract IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>The next batch, or null at the end.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public abstract ColumnBatch? Next(CancellationToken cancellationToken);

    /// <summary>Releases the inputs.</summary>
    public virtual void Dispose() { }
}
