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
        IndexAll();
        var rk = new RowKey(key);
        if (!_index.TryGetValue(rk, out int g))
        {
            g = _keys.Count;
            _index[rk] = g;
            _keys.Add(key);
            var states = new Accumulator[aggregates.Count];
            for (int a = 0; a < states.Length; a++) states[a] = Accumulator.Create(aggregates[a]);
            _states.Add(states);
            _indexed = _keys.Count;
            _inKeyOrder = false;
        }
        return _states[g];
    }

    /// <summary>Adds a group that does not exist yet with its folded <paramref name="states"/> (one per aggregate).</summary>
    /// <exception cref="ArgumentException">The group exists already.</exception>
    public void Add(object?[] key, Accumulator[] states)
    {
        IndexAll();
        _index.Add(new RowKey(key), _keys.Count);
        _keys.Add(key);
        _states.Add(states);
        _indexed = _keys.Count;
        _inKeyOrder = false;
    }

    /// <summary>
    /// Adds a group after every existing one in key order: the caller guarantees that
    /// <paramref name="key"/> is new and sorts after every key added before it (by
    /// <see cref="CompareKeys"/>), and that every earlier group came this way too, so that
    /// <see cref="Emit"/> can skip its sort. Not hashed until a lookup needs it.
    /// </summary>
    public void AddInKeyOrder(object?[] key, Accumulator[] states)
    {
        _keys.Add(key);
        _states.Add(states);
    }

    /// <summary>Whether the group with <paramref name="key"/> exists.</summary>
    public bool Contains(object?[] key)
    {
        IndexAll();
        return _index.ContainsKey(new RowKey(key));
    }

    // Groups [0, _indexed) are in _index; those after came through AddInKeyOrder and are indexed
    // when a lookup first needs them (a grid's groups are usually only emitted).
    private int _indexed;
    // Whether every group came through AddInKeyOrder, so Emit needs no sort.
    private bool _inKeyOrder = true;

    private void IndexAll()
    {
        for (; _indexed < _keys.Count; _indexed++) _index.Add(new RowKey(_keys[_indexed]), _indexed);
    }

    /// <summary>
    /// The order of the groups in <see cref="Emit"/>: key values compared left to right, ascending,
    /// NULLs last, strings ordinally, other values by their default comparer.
    /// </summary>
    public static int CompareKeys(object?[] ka, object?[] kb)
    {
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
        return 0;
    }

    /// <summary>The output rows: keys then aggregate results, sorted by key.</summary>
    public List<ColumnBatch> Emit(IReadOnlyList<ResultColumn> columns)
    {
        if (_keys.Count == 0 && keyTypes.Count == 0) Get([]);
        var order = new int[_keys.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (!_inKeyOrder)
        {
            Array.Sort(order, (a, b) =>
            {
                int c = CompareKeys(_keys[a], _keys[b]);
                return c != 0 ? c : a.CompareTo(b);
            });
        }
        var batches = new List<ColumnBatch>();
        for (int start = 0; start < order.Length; start += Operator.BatchSize)
        {
            int n = Math.Min(Operator.BatchSize, order.Length - start);
            var builders = new VectorBuilder[columns.Count];
            for (int c = 0; c < builders.Length; c++) builders[c] = new VectorBuilder(columns[c].Type, n);
            for (int i = 0; i < n; i++)
            {
                int g = order[start + i];
                for (int k = 0; k < keyTypes.Count; k++) builders[k].AppendValue(_keys[g][k]);
                for (int a = 0; a < aggregates.Count; a++) builders[keyTypes.Count + a].AppendValue(_states[g][a].Result());
            }
            var vectors = new ColumnVector[builders.Length];
            for (int c = 0; c < vectors.Length; c++) vectors[c] = builders[c].Build(reuse: false);
            batches.Add(new ColumnBatch(n, vectors));
        }
        return batches;
    }

    /// <summary>The output columns of an aggregation: keys then aggregates.</summary>
    public static ResultColumn[] OutputColumns(IReadOnlyList<BoundExpr> keys, IReadOnlyList<AggregateSpec> aggregates)
    {
        var columns = new ResultColumn[keys.Count + aggregates.Count];
        for (int i = 0; i < keys.Count; i++) columns[i] = new ResultColumn($"key{i}", keys[i].Type);
        for (int a = 0; a < aggregates.Count; a++) columns[keys.Count + a] = new ResultColumn(aggregates[a].Text, aggregates[a].Type);
        return columns;
    }
}
