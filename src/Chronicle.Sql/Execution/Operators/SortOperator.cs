using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// ORDER BY: materializes its input and sorts it (stable; NULLs placed per key). With a row bound
/// (LIMIT + OFFSET) it is a top-N: whenever more than max(2N, 4096) rows are held they are sorted
/// and cut to N, so <c>ORDER BY time DESC LIMIT 1</c> keeps one row, not the table.
/// </summary>
internal sealed class SortOperator(Operator input, IReadOnlyList<SortKey> keys, long? keep) : Operator
{
    private List<ColumnBatch> _batches = [];
    private List<(int Batch, int Row)> _rows = [];
    private int _emitted;
    private bool _sorted;

    public override IReadOnlyList<ResultColumn> Columns => input.Columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        if (!_sorted)
        {
            long bound = keep is { } k ? Math.Max(2 * k, BatchSize) : long.MaxValue;
            while (input.Next(cancellationToken) is { } batch)
            {
                int b = _batches.Count;
                _batches.Add(batch);
                for (int r = 0; r < batch.RowCount; r++) _rows.Add((b, r));
                if (_rows.Count > bound) Compact((int)keep!.Value);
            }
            SortRows();
            if (keep is { } k2 && _rows.Count > k2) _rows.RemoveRange((int)k2, _rows.Count - (int)k2);
            _sorted = true;
        }
        if (_emitted >= _rows.Count) return null;
        cancellationToken.ThrowIfCancellationRequested();
        int n = Math.Min(BatchSize, _rows.Count - _emitted);
        var builders = Columns.Select(c => new VectorBuilder(c.Type, n)).ToArray();
        for (int i = 0; i < n; i++)
        {
            var (b, r) = _rows[_emitted + i];
            for (int c = 0; c < builders.Length; c++) builders[c].AppendFrom(_batches[b].Columns[c], r);
        }
        _emitted += n;
        return new ColumnBatch(n, builders.Select(x => x.Build()).ToArray());
    }

    private void Compact(int n)
    {
        SortRows();
        n = Math.Min(n, _rows.Count);
        var builders = Columns.Select(c => new VectorBuilder(c.Type, n)).ToArray();
        for (int i = 0; i < n; i++)
        {
            var (b, r) = _rows[i];
            for (int c = 0; c < builders.Length; c++) builders[c].AppendFrom(_batches[b].Columns[c], r);
        }
        _batches = [new ColumnBatch(n, builders.Select(x => x.Build()).ToArray())];
        _rows = Enumerable.Range(0, n).Select(r => (0, r)).ToList();
    }

    private void SortRows()
    {
        var indexed = _rows.Select((row, i) => (row, i)).ToArray();
        Array.Sort(indexed, (x, y) =>
        {
            int c = CompareRows(x.row, y.row);
            return c != 0 ? c : x.i.CompareTo(y.i);
        });
        _rows = indexed.Select(x => x.row).ToList();
    }

    private int CompareRows((int Batch, int Row) a, (int Batch, int Row) b)
    {
        foreach (var key in keys)
        {
            var va = _batches[a.Batch].Columns[key.Column];
            var vb = _batches[b.Batch].Columns[key.Column];
            bool na = va.IsNull(a.Row), nb = vb.IsNull(b.Row);
            int c;
            if (na || nb)
            {
                if (na && nb) continue;
                c = na == key.NullsFirst ? -1 : 1;
                return c;
            }
            c = ExpressionEvaluator.CompareValues(va, a.Row, vb, b.Row);
            if (c != 0) return key.Descending ? -c : c;
        }
        return 0;
    }

    public override void Dispose() => input.Dispose();
}
