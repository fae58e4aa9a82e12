namespace Chronicle.Sql.Execution.Operators;

/// <summary>Keeps the rows where the predicate is TRUE.</summary>
internal sealed class FilterOperator(Operator input, Planning.BoundExpr predicate) : Operator
{
    private int[] _selection = new int[BatchSize];

    public override IReadOnlyList<ResultColumn> Columns => input.Columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = input.Next(cancellationToken);
            if (batch is null) return null;
            if (_selection.Length < batch.RowCount) _selection = new int[batch.RowCount];
            int k = ExpressionEvaluator.Select(predicate, batch, _selection);
            if (k == batch.RowCount) return batch;
            var kept = k > 0 ? Vectors.Gather(batch, _selection, k) : null;
            // the kept rows are copies: the input batch is done with
            batch.Lease?.Release();
            if (kept is not null) return kept;
        }
    }

    public override void Dispose() => input.Dispose();
}
