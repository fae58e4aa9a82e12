namespace Chronicle.Sql.Execution.Operators;

/// <summary>Removes duplicate rows (over the first <paramref name="keyColumns"/> columns), keeping the first; state is the set of rows seen.</summary>
internal sealed class DistinctOperator(Operator input, int keyColumns) : Operator
{
    private readonly HashSet<RowKey> _seen = [];

    public override IReadOnlyList<ResultColumn> Columns => input.Columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = input.Next(cancellationToken);
            if (batch is null) return null;
            var rows = new int[batch.RowCount];
            int k = 0;
            for (int r = 0; r < batch.RowCount; r++)
            {
                var values = new object?[keyColumns];
                for (int c = 0; c < keyColumns; c++) values[c] = batch.Columns[c].GetValue(r);
                if (_seen.Add(new RowKey(values))) rows[k++] = r;
            }
            if (k == batch.RowCount) return batch;
            var kept = k > 0 ? Vectors.Gather(batch, rows, k) : null;
            // the kept rows are copies and the keys boxed values: the input batch is done with
            batch.Lease?.Release();
            if (kept is not null) return kept;
        }
    }

    public override void Dispose() => input.Dispose();
}
