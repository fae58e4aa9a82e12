namespace Chronicle.Sql.Execution.Operators;

/// <summary>Computes the projections of each batch.</summary>
internal sealed class ProjectOperator(Operator input, IReadOnlyList<Planning.BoundExpr> projections, IReadOnlyList<ResultColumn> columns) : Operator
{
    public override IReadOnlyList<ResultColumn> Columns => columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        var batch = input.Next(cancellationToken);
        if (batch is null) return null;
        var cols = new ColumnVector[projections.Count];
        for (int i = 0; i < cols.Length; i++)
        {
            var v = ExpressionEvaluator.Evaluate(projections[i], batch);
            cols[i] = v;
        }
        // the projection only re-wraps or computes vectors and keeps nothing: the scan's lease goes along
        return new ColumnBatch(batch.RowCount, cols) { Lease = batch.Lease };
    }

    public override void Dispose() => input.Dispose();
}
