namespace Chronicle.Sql.Execution.Operators;

/// <summary>Yields batches that are already computed (SHOW TABLES, DESCRIBE, EXPLAIN, a query without FROM).</summary>
internal sealed class ValuesOperator(IReadOnlyList<ResultColumn> columns, IReadOnlyList<ColumnBatch> batches) : Operator
{
    private int _next;

    public override IReadOnlyList<ResultColumn> Columns => columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _next < batches.Count ? batches[_next++] : null;
    }

    /// <summary>A one-batch operator from rows of boxed SQL values.</summary>
    public static ValuesOperator FromRows(IReadOnlyList<ResultColumn> columns, IEnumerable<object?[]> rows)
    {
        var builders = columns.Select(c => new VectorBuilder(c.Type)).ToArray();
        int n = 0;
        foreach (var row in rows)
        {
            for (int i = 0; i < builders.Length; i++) builders[i].AppendValue(row[i]);
            n++;
        }
        return new ValuesOperator(columns, n == 0 ? [] : [new ColumnBatch(n, builders.Select(b => b.Build()).ToArray())]);
    }
}
