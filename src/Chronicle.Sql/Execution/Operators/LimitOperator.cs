namespace Chronicle.Sql.Execution.Operators;

/// <summary>Skips <paramref name="offset"/> rows, then passes at most <paramref name="limit"/> rows and stops pulling its input.</summary>
internal sealed class LimitOperator(Operator input, long? limit, long offset) : Operator
{
    private long _toSkip = offset;
    private long _left = limit ?? long.MaxValue;

    public override IReadOnlyList<ResultColumn> Columns => input.Columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        while (_left > 0)
        {
            var batch = input.Next(cancellationToken);
            if (batch is null) return null;
            int start = (int)Math.Min(_toSkip, batch.RowCount);
            _toSkip -= start;
            int count = (int)Math.Min(_left, batch.RowCount - start);
            if (count <= 0)
            {
                batch.Lease?.Release();
                continue;
            }
            _left -= count;
            if (start == 0 && count == batch.RowCount) return batch;
            var rows = new int[count];
            for (int i = 0; i < count; i++) rows[i] = start + i;
            var kept = Vectors.Gather(batch, rows, count);
            batch.Lease?.Release();
            return kept;
        }
        return null;
    }

    public override void Dispose() => input.Dispose();
}
