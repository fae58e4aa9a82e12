using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// Hash aggregation over rows: evaluates the keys and aggregate arguments per batch and folds each
/// row into its group. Consecutive rows with the same key (the common case: one tag set, one
/// bucket) reuse the previous group without hashing.
/// </summary>
internal sealed class HashAggregateOperator(Operator input, IReadOnlyList<BoundExpr> keys, IReadOnlyList<AggregateSpec> aggregates, int timeIndex) : Operator
{
    /// <summary>The "value" count(*) receives for every row (it counts rows, so it never reads it).</summary>
    private static readonly ColumnVector CountStar = new(ResultType.Null, 0);

    private readonly ResultColumn[] _columns = GroupTable.OutputColumns(keys, aggregates);
    private List<ColumnBatch>? _output;
    private int _next;

    public override IReadOnlyList<ResultColumn> Columns => _columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        if (_output is null)
        {
            var table = new GroupTable(aggregates, keys.Select(k => k.Type).ToArray());
            while (input.Next(cancellationToken) is { } batch)
            {
                Fold(table, batch);
                // the group keys and the accumulators keep values, never the batch's arrays
                batch.Lease?.Release();
            }
            _output = table.Emit(_columns);
        }
        return _next < _output.Count ? _output[_next++] : null;
    }

    private void Fold(GroupTable table, ColumnBatch batch)
    {
        var keyVectors = keys.Select(k => ExpressionEvaluator.Evaluate(k, batch)).ToArray();
        var argVectors = aggregates.Select(a => a.Argument is null ? null : ExpressionEvaluator.Evaluate(a.Argument, batch)).ToArray();
        var time = timeIndex >= 0 ? batch.Columns[timeIndex].Int64s : null;
        Accumulator[]? states = null;
        for (int r = 0; r < batch.RowCount; r++)
        {
            if (states is null || !SameKey(keyVectors, r, r - 1))
            {
                var key = new object?[keyVectors.Length];
                for (int k = 0; k < key.Length; k++) key[k] = keyVectors[k].GetValue(r);
                states = table.Get(key);
            }
            long t = time is null ? 0 : time[r];
            for (int a = 0; a < states.Length; a++)
            {
                var v = argVectors[a];
                if (v is null) states[a].Add(CountStar, r, t);
                else if (!v.IsNull(r)) states[a].Add(v, r, t);
            }
        }
    }

    private static bool SameKey(ColumnVector[] keys, int r, int p)
    {
        foreach (var v in keys)
        {
            bool a = v.IsNull(r), b = v.IsNull(p);
            if (a != b) return false;
            if (a) continue;
            switch (v.Type)
            {
                case ResultType.Timestamp or ResultType.BigInt: if (v.Int64s![r] != v.Int64s[p]) return false; break;
                case ResultType.Double: if (!v.Doubles![r].Equals(v.Doubles[p])) return false; break;
                case ResultType.Boolean: if (v.Booleans![r] != v.Booleans[p]) return false; break;
                case ResultType.VarChar: if (!string.Equals(v.Strings![r], v.Strings[p], StringComparison.Ordinal)) return false; break;
            }
        }
        return true;
    }

    public override void Dispose() => input.Dispose();
}
