using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// The groups of a pushed-down aggregation by time bucket (and tags), held densely: for each
/// distinct tag key ("row"), an array indexed by bucket number over every bucket that the query's
/// time range [from, to] touches, holding that group's accumulators or null while the group does
/// not exist. Finding a sample's group is a subtraction and a division instead of boxing a key and
/// hashing it, and the existence of a run of buckets is a scan of adjacent slots. Used by
/// <see cref="SeriesAggregateOperator"/> when the range holds at most <see cref="MaxBuckets"/>
/// buckets and rows x buckets is at most <see cref="MaxSlots"/>; the groups are then handed to a
/// <see cref="GroupTable"/> for output, so the answer is the same as with the table alone.
/// </summary>
/// <remarks>
/// Bucket b (0-based) starts at <c>FirstBucket + b * Width</c>, where <c>FirstBucket</c> is the
/// start of the bucket holding <c>from</c> (<see cref="TimeValues.Bucket"/>: floor division
/// relative to the origin, so times before the origin or the epoch fall in the right bucket).
/// Example: width 60 s, origin 0, range [00:00:30, 00:02:10] gives FirstBucket 00:00:00 and
/// 3 buckets; a sample at 00:01:59 is in bucket (00:01:00 - 00:00:00) / 60 s = 1.
/// </remarks>
internal sealed class BucketGrid
{
    /// <summary>The most buckets one row may have.</summary>
    public const int MaxBuckets = 1 << 16;

    /// <summary>The most slots (rows x buckets) a grid may have: 8 MiB of references when every row has data.</summary>
    public const int MaxSlots = 1 << 20;

    private readonly IReadOnlyList<AggregateSpec> _aggregates;
    private readonly Accumulator[]?[]?[] _rows;
    private readonly long _from, _to;

    private BucketGrid(IReadOnlyList<AggregateSpec> aggregates, int rows, long firstBucket, long width, int buckets, long from, long to)
    {
        _from = from;
        _aggregates = aggregates;
        _rows = new Accumulator[]?[]?[rows];
        FirstBucket = firstBucket;
        Width = width;
        Buckets = buckets;
        _to = to;
    }

    /// <summary>Start of bucket 0, nanoseconds.</summary>
    public long FirstBucket { get; }

    /// <summary>Bucket width, nanoseconds (positive).</summary>
    public long Width { get; }

    /// <summary>Buckets per row.</summary>
    public int Buckets { get; }

    /// <summary>
    /// A grid for <paramref name="rows"/> tag keys over the buckets of width <paramref name="width"/>
    /// and origin <paramref name="origin"/> that [<paramref name="from"/>, <paramref name="to"/>]
    /// touches (inclusive, nanoseconds); null when the range is empty or too wide for the limits.
    /// </summary>
    public static BucketGrid? TryCreate(IReadOnlyList<AggregateSpec> aggregates, int rows, long from, long to, long width, long origin)
    {
        if (width <= 0 || from > to || rows <= 0) return null;
        long first = TimeValues.Bucket(from, width, origin), last = TimeValues.Bucket(to, width, origin);
        // A bucket start before long.MinValue wraps around (an unbounded range): no grid.
        if (first > from || last > to || last < first) return null;
        // last >= first, so the unsigned difference is exact even when the signed one overflows.
        ulong count = (ulong)(last - first) / (ulong)width + 1;
        if (count > MaxBuckets || count * (ulong)rows > MaxSlots) return null;
        return new BucketGrid(aggregates, rows, first, width, (int)count, from, to);
    }

    /// <summary>The bucket number of <paramref name="time"/>, which must lie in the grid's range.</summary>
    public int IndexOf(long time) => (int)((ulong)(time - FirstBucket) / (ulong)Width);

    /// <summary>
    /// The first time after bucket <paramref name="bucket"/> (its exclusive end), or long.MaxValue
    /// when that is past the range (so no overflow near the end of time).
    /// </summary>
    public long EndOf(int bucket) => bucket >= Buckets - 1 ? long.MaxValue : FirstBucket + (bucket + 1) * Width;

    /// <summary>The accumulators of (<paramref name="row"/>, <paramref name="bucket"/>), created with the group.</summary>
    public Accumulator[] Get(int row, int bucket)
    {
        var slots = _rows[row] ??= new Accumulator[]?[Buckets];
        if (slots[bucket] is { } states) return states;
        states = new Accumulator[_aggregates.Count];
        for (int a = 0; a < states.Length; a++) states[a] = Accumulator.Create(_aggregates[a]);
        return slots[bucket] = states;
    }

    /// <summary>Whether every bucket of <paramref name="row"/> touched by [<paramref name="lo"/>, <paramref name="hi"/>] clipped to the range has its group.</summary>
    public bool AllExist(int row, long lo, long hi)
    {
        if (_rows[row] is not { } slots) return false;
        lo = Math.Max(lo, _from);
        hi = Math.Min(hi, _to);
        if (lo > hi) return true;
        int last = IndexOf(hi);
        for (int b = IndexOf(lo); b <= last; b++) if (slots[b] is null) return false;
        return true;
    }

    /// <summary>
    /// Adds every group to <paramref name="table"/>: the key is <paramref name="rowKeys"/>[row]
    /// with the bucket start at <paramref name="bucketSlot"/>. When the table is empty and the
    /// bucket is the first or the last key, the groups go in already in key order (rows sorted by
    /// their tag values, buckets ascending), so the table neither hashes nor sorts them.
    /// </summary>
    public void CopyTo(GroupTable table, IReadOnlyList<object?[]> rowKeys, int bucketSlot)
    {
        int keyCount = rowKeys.Count > 0 ? rowKeys[0].Length : 0;
        if (table.Count == 0 && rowKeys.Count == _rows.Length && (bucketSlot == 0 || bucketSlot == keyCount - 1))
        {
            CopyInKeyOrder(table, rowKeys, bucketSlot, bucketFirst: bucketSlot == 0);
            return;
        }
        for (int row = 0; row < _rows.Length; row++)
        {
            if (_rows[row] is not { } slots) continue;
            for (int b = 0; b < slots.Length; b++)
            {
                if (slots[b] is not { } states) continue;
                var key = (object?[])rowKeys[row].Clone();
                key[bucketSlot] = FirstBucket + b * Width;
                table.Add(key, states);
            }
        }
    }

    /// <summary>
    /// <see cref="CopyTo"/> in key order: the rows' keys are distinct and hold null at the bucket
    /// slot, so sorting the rows by them orders the tag values; with the bucket as the first key the
    /// buckets are the outer loop, as the last key the inner one.
    /// </summary>
    private void CopyInKeyOrder(GroupTable table, IReadOnlyList<object?[]> rowKeys, int bucketSlot, bool bucketFirst)
    {
        var rows = RowsInKeyOrder(rowKeys);
        if (bucketFirst)
        {
            for (int b = 0; b < Buckets; b++)
                foreach (int row in rows)
                    if (_rows[row]?[b] is { } states) table.AddInKeyOrder(KeyOf(rowKeys[row], bucketSlot, b), states);
        }
        else
        {
            foreach (int row in rows)
            {
                if (_rows[row] is not { } slots) continue;
                for (int b = 0; b < slots.Length; b++)
                    if (slots[b] is { } states) table.AddInKeyOrder(KeyOf(rowKeys[row], bucketSlot, b), states);
            }
        }
    }

    /// <summary>The row numbers sorted by their keys (<see cref="GroupTable.CompareKeys"/>).</summary>
    private int[] RowsInKeyOrder(IReadOnlyList<object?[]> rowKeys)
    {
        var rows = new int[_rows.Length];
        for (int r = 0; r < rows.Length; r++) rows[r] = r;
        if (rows.Length > 1) Array.Sort(rows, (a, b) => GroupTable.CompareKeys(rowKeys[a], rowKeys[b]));
        return rows;
    }

    /// <summary>
    /// The output of <see cref="CopyTo"/> into an empty <see cref="GroupTable"/> followed by its
    /// <see cref="GroupTable.Emit"/>, built straight from the grid: the same rows (keys, then each
    /// aggregate's result) in the same order and batches, without a key array and boxed bucket
    /// start per group. Null, doing nothing, when the groups cannot go in key order (as
    /// <see cref="CopyTo"/> decides): the caller then copies them into a table.
    /// </summary>
    /// <param name="rowKeys">Each row's key values, null at <paramref name="bucketSlot"/>.</param>
    /// <param name="bucketSlot">The index of the bucket among the keys.</param>
    /// <param name="columns">The output columns: the keys, then one per aggregate.</param>
    public List<ColumnBatch>? EmitInKeyOrder(IReadOnlyList<object?[]> rowKeys, int bucketSlot, IReadOnlyList<ResultColumn> columns)
    {
        int keyCount = rowKeys.Count > 0 ? rowKeys[0].Length : 0;
        if (rowKeys.Count != _rows.Length || (bucketSlot != 0 && bucketSlot != keyCount - 1)) return null;
        int total = 0;
        foreach (var slots in _rows)
            if (slots is not null)
                foreach (var states in slots)
                    if (states is not null) total++;
        var batches = new List<ColumnBatch>((total + Operator.BatchSize - 1) / Operator.BatchSize);
        if (total == 0) return batches;
        var rows = RowsInKeyOrder(rowKeys);
        VectorBuilder[] builders = [];
        int inBatch = 0, done = 0;
        if (bucketSlot == 0)
        {
            for (int b = 0; b < Buckets; b++)
                foreach (int row in rows)
                    if (_rows[row]?[b] is { } states) Append(row, b, states);
        }
        else
        {
            foreach (int row in rows)
            {
                if (_rows[row] is not { } slots) continue;
                for (int b = 0; b < slots.Length; b++)
                    if (slots[b] is { } states) Append(row, b, states);
            }
        }
        return batches;

        void Append(int row, int bucket, Accumulator[] states)
        {
            if (inBatch == 0)
            {
                builders = new VectorBuilder[columns.Count];
                for (int c = 0; c < builders.Length; c++) builders[c] = new VectorBuilder(columns[c].Type, Math.Min(Operator.BatchSize, total - done));
            }
            for (int k = 0; k < keyCount; k++)
            {
                if (k == bucketSlot) builders[k].AppendLong(FirstBucket + bucket * Width);
                else builders[k].AppendValue(rowKeys[row][k]);
            }
            for (int a = 0; a < states.Length; a++) builders[keyCount + a].AppendValue(states[a].Result());
            inBatch++;
            done++;
            if (inBatch == Operator.BatchSize || done == total)
            {
                var vectors = new ColumnVector[builders.Length];
                for (int c = 0; c < vectors.Length; c++) vectors[c] = builders[c].Build(reuse: false);
                batches.Add(new ColumnBatch(inBatch, vectors));
                inBatch = 0;
            }
        }
    }

    private object?[] KeyOf(object?[] rowKey, int bucketSlot, int bucket)
    {
        var key = (object?[])rowKey.Clone();
        key[bucketSlot] = FirstBucket + bucket * Width;
        return key;
    }
}
