using Chronicle.Sql.Execution.Operators;

namespace Chronicle.Sql.Execution;

/// <summary>A <see cref="QueryResult"/> over an operator tree; disposing it releases the operators and the read snapshot.</summary>
internal sealed class OperatorQueryResult(Operator root, IDisposable? snapshot) : QueryResult
{
    private bool _done;

    public override IReadOnlyList<ResultColumn> Columns => root.Columns;

    public override ColumnBatch? ReadBatch(CancellationToken cancellationToken = default)
    {
        if (_done) return null;
        cancellationToken.ThrowIfCancellationRequested();
        while (true)
        {
            var batch = root.Next(cancellationToken);
            if (batch is null) { _done = true; return null; }
            if (batch.RowCount > 0) return batch;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _done = true;
        root.Dispose();
        snapshot?.Dispose();
    }
}
