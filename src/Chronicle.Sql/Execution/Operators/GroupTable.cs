using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// The groups of an aggregation: key values -> index, and per group one <see cref="Accumulator"/>
/// per aggregate. Emits the groups sorted by key (ascending, NULLs last) so grouped output is
/// deterministic and time-ordered within a tag set. <c>capacity</c> is the number of groups
/// expected (0 when unknown).
/// </summary>
internal sealed class GroupTable(IReadOnlyList<AggregateSpec> aggregates, IReadOnlyList<ResultType> keyTypes, int capacity = 0)
{
    private readonly Dictionary<RowKey, int> _index = new(capacity);
    private readonly List<object?[]> _keys = new(capacity);
    private readonly List<Accumulator[]> _states = new(capacity);

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

    /// <summary>Adds a group that does not exist yet with its folded <paramref name="states"/> (one per aggregate).</summary>
    /// <exception cref="ArgumentException">The group exists already.</exception>
    public void Add(object?[] key, Accumulator[] states)
    {
        _index.Add(new RowKey(key), _keys.Count);
        _keys.Add(key);
        _states.Add(states);
    }

    /// <summary>Whether the group with <paramref name="key"/> exists.</summary>
    public bool Contains(object?[] key) => _index.ContainsKey(new RowKey(key));

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
