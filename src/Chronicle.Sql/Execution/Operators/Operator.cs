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
            if (k > 0) return Vectors.Gather(batch, _selection, k);
        }
    }

    public override void Dispose() => input.Dispose();
}

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
        return new ColumnBatch(batch.RowCount, cols);
    }

    public override void Dispose() => input.Dispose();
}

/// <summary>Keeps only the first <paramref name="visible"/> columns (drops hidden sort keys).</summary>
internal sealed class TrimColumnsOperator(Operator input, int visible) : Operator
{
    private readonly ResultColumn[] _columns = input.Columns.Take(visible).ToArray();

    public override IReadOnlyList<ResultColumn> Columns => _columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        var batch = input.Next(cancellationToken);
        if (batch is null || batch.Columns.Count == visible) return batch;
        return new ColumnBatch(batch.RowCount, batch.Columns.Take(visible).ToArray());
    }

    public override void Dispose() => input.Dispose();
}

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
            if (count <= 0) continue;
            _left -= count;
            if (start == 0 && count == batch.RowCount) return batch;
            var rows = new int[count];
            for (int i = 0; i < count; i++) rows[i] = start + i;
            return Vectors.Gather(batch, rows, count);
        }
        return null;
    }

    public override void Dispose() => input.Dispose();
}

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
            if (k > 0) return Vectors.Gather(batch, rows, k);
        }
    }

    public override void Dispose() => input.Dispose();
}

/// <summary>A row of boxed values with structural equality (a grouping or DISTINCT key).</summary>
internal sealed class RowKey : IEquatable<RowKey>
{
    private readonly int _hash;

    public RowKey(object?[] values)
    {
        Values = values;
        var h = new HashCode();
        foreach (var v in values) h.Add(v);
        _hash = h.ToHashCode();
    }

    public object?[] Values { get; }

    public bool Equals(RowKey? other)
    {
        if (other is null || other._hash != _hash || other.Values.Length != Values.Length) return false;
        for (int i = 0; i < Values.Length; i++) if (!Equals(Values[i], other.Values[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RowKey);

    public override int GetHashCode() => _hash;
}
