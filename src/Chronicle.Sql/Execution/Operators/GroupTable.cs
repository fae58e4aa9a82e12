using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// The groups of an aggregation: key values -> index, and per group one <see cref="Accumulator"/>
/// per aggregate. Emits the groups sorted by key (ascending, NULLs last) so grouped output is
/// deterministic and time-ordered within a tag set.
/// </summary>
internal sealed class GroupTable(IReadOnlyList<AggregateSpec> aggregates, IReadOnlyList<ResultType> keyTypes)
{
    private readonly Dictionary<RowKey, int> _index = [];
    private readonly List<object?[]> _keys = [];
    private readonly List<Accumulator[]> _states = [];

    /// <summary>Number of groups.</summary>
    public int Count => _keys.Count;

    /// <summary>The states of the group with <paramref name="key"/>, created when new.</summary>
    public Accumulator[] Get(object?[] key)
    {
        var rk = new RowKey(key);
        if (!_index.TryGetValue(rk, out int g))
        {
            g = _keys.Count;
            _index[rk] = g;
            _keys.Add(key);
            _states.Add(aggregates.Select(Accumulator.Create).ToArray());
        }
        return _states[g];
    }

    /// <summary>The output rows: keys then aggregate results, sorted by key.</summary>
    public List<ColumnBatch> Emit(IReadOnlyList<ResultColumn> columns)
    {
        if (_keys.Count == 0 && keyTypes.Count == 0) Get([]);
        var order = Enumerable.Range(0, _keys.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var ka = _keys[a];
            var kb = _keys[b];
            for (int i = 0; i < ka.Length; i++)
            {
                if (ka[i] is null || kb[i] is null)
                {
                    if (ka[i] is null && kb[i] is null) continue;
                    return ka[i] is null ? 1 : -1;
                }
                int c = ka[i] is string sa ? string.CompareOrdinal(sa, (string)kb[i]!) : Comparer<object>.Default.Compare(ka[i], kb[i]);
                if (c != 0) return c;
            }
            return a.CompareTo(b);
        });
        var batches = new List<ColumnBatch>();
        for (int start = 0; start < order.Length; start += Operator.BatchSize)
        {
            int n = Math.Min(Operator.BatchSize, order.Length - start);
            var builders = columns.Select(c => new VectorBuilder(c.Type, n)).ToArray();
            for (int i = 0; i < n; i++)
            {
                int g = order[start + i];
                for (int k = 0; k < keyTypes.Count; k++) builders[k].AppendValue(_keys[g][k]);
                for (int a = 0; a < aggregates.Count; a++) builders[keyTypes.Count + a].AppendValue(_states[g][a].Result());
            }
            batches.Add(new ColumnBatch(n, builders.Select(b => b.Build()).ToArray()));
        }
        return batches;
    }

    /// <summary>The output columns of an aggregation: keys then aggregates.</summary>
    public static ResultColumn[] OutputColumns(IReadOnlyList<BoundExpr> keys, IReadOnlyList<AggregateSpec> aggregates) =>
        keys.Select((k, i) => new ResultColumn($"key{i}", k.Type))
            .Concat(aggregates.Select(a => new ResultColumn(a.Text, a.Type)))
            .ToArray();
}

/// <summary>
/// Hash aggregation over rows: evaluates the keys and aggregate arguments per batch and folds each
/// row into its group. Consecutive rows with the same key (the common case: one tag set, one
/// bucket) reuse the previous group without hashing.
/// </summary>
internal sealed class HashAggregateOperator(Operator input, IReadOnlyList<BoundExpr> keys, IReadOnlyList<AggregateSpec> aggregates, int timeIndex) : Operator
{
    private readonly ResultColumn[] _columns = GroupTable.OutputColumns(keys, aggregates);
    private List<ColumnBatch>? _output;
    private int _next;

    public override IReadOnlyList<ResultColumn> Columns => _columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        if (_output is null)
        {
            var table = new GroupTable(aggregates, keys.Select(k => k.Type).ToArray());
            while (input.Next(cancellationToken) is { } batch) Fold(table, batch);
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
                if (v is null) states[a].Add(keyVectors.Length > 0 ? keyVectors[0] : batch.Columns.Count > 0 ? batch.Columns[0] : Vectors.AllNull(ResultType.BigInt, batch.RowCount), r, t);
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
