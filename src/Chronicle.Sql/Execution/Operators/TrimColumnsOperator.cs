namespace Chronicle.Sql.Execution.Operators;

/// <summary>Keeps only the first <paramref name="visible"/> columns (drops hidden sort keys).</summary>
internal sealed class TrimColumnsOperator(Operator input, int visible) : Operator
{
    private readonly ResultColumn[] _columns = input.Columns.Take(visible).ToArray();

    public override IReadOnlyList<ResultColumn> Columns => _columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        var batch = input.Next(cancellationToken);
        if (batch is null || batch.Columns.Count == visible) return batch;
        return new ColumnBatch(batch.RowCount, batch.Columns.Take(visible).ToArray()) { Lease = batch.Lease };
    }

    public override void Dispose() => input.Dispose();
}
