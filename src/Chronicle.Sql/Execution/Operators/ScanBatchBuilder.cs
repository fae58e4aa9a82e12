using System.Runtime.InteropServices;
using Chronicle.Sql.Planning;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// The column arrays of one batch a table scan fills, with room for <c>capacity</c> rows: the time
/// column, a string array per tag column, and for each field the scan reads a typed array plus a
/// null mask that is allocated on the batch's first NULL in that column (so a column without NULLs
/// has no mask, which an Arrow export turns into no validity buffer). Rows are written in runs, a
/// span copy per column (<see cref="CopyTimes"/>, <see cref="CopyValues"/>, <see cref="FillTags"/>),
/// or one at a time by the merge. The caller writes every row of every read field: a value or
/// <see cref="SetNull"/>. Every array is new per batch, or, with a <see cref="BatchArrayPool"/>,
/// one a consumer released after it was done with an earlier batch; so a built batch never changes
/// while it is in use.
/// </summary>
internal sealed class ScanBatchBuilder
{
    private readonly IReadOnlyList<ResultColumn> _columns;
    private readonly int[] _tagColumns;
    private readonly int _timeIndex;
    private readonly int _capacity;
    private readonly bool[] _read;
    private readonly long[] _time;
    private readonly string?[]?[] _strings;
    private readonly long[]?[] _longs;
    private readonly double[]?[] _doubles;
    private readonly bool[]?[] _bools;
    private readonly bool[]?[] _nulls;
    private readonly bool[] _hasValue;
    private readonly ScanSharedColumns _shared;
    private readonly BatchArrayPool? _pool;
    private string?[]? _singleTags;
    private bool _mixedTags;

    /// <param name="scan">The table's columns.</param>
    /// <param name="read">Per scan column, whether the scan reads it (a field with series to read).</param>
    /// <param name="tagColumns">Scan indexes of the tag columns.</param>
    /// <param name="capacity">Rows of room.</param>
    /// <param name="shared">The columns batches of this scan share (constant tag columns, all-NULL fields).</param>
    /// <param name="pool">Where the time and value arrays come from (its length is <paramref name="capacity"/>), or null to allocate them.</param>
    public ScanBatchBuilder(ScanScope scan, bool[] read, int[] tagColumns, int capacity, ScanSharedColumns shared, BatchArrayPool? pool = null)
    {
        _shared = shared;
        _pool = pool?.Length == capacity ? pool : null;
        var table = scan.Table.Columns;
        int width = table.Count;
        _columns = scan.Columns;
        _tagColumns = tagColumns;
        _timeIndex = scan.TimeIndex;
        _capacity = capacity;
        _read = read;
        // Every row of the time and value columns is written before Build, so they skip zeroing.
        _time = _pool?.RentInt64s() ?? GC.AllocateUninitializedArray<long>(capacity);
        _strings = new string?[width][];
        _longs = new long[width][];
        _doubles = new double[width][];
        _bools = new bool[width][];
        _nulls = new bool[width][];
        _hasValue = new bool[width];
        for (int c = 0; c < width; c++)
        {
            if (!read[c]) continue;
            switch (table[c].Type)
            {
                case FieldType.Double: _doubles[c] = _pool?.RentDoubles() ?? GC.AllocateUninitializedArray<double>(capacity); break;
                case FieldType.BigInt: _longs[c] = _pool?.RentInt64s() ?? GC.AllocateUninitializedArray<long>(capacity); break;
                case FieldType.Boolean: _bools[c] = new bool[capacity]; break;
                default: _strings[c] = new string?[capacity]; break;
            }
        }
    }

    /// <summary>Sets the time of row <paramref name="row"/>, nanoseconds.</summary>
    public void SetTime(int row, long time) => _time[row] = time;

    /// <summary>Copies <paramref name="times"/> into the time column from row <paramref name="row"/>.</summary>
    public void CopyTimes(ReadOnlySpan<long> times, int row) => times.CopyTo(_time.AsSpan(row));

    /// <summary>Sets every tag column of rows [<paramref name="row"/>, +<paramref name="count"/>) to the tag set's value (rows are filled in order, each once).</summary>
    /// <param name="tags">Tag value per scan column (null where the tag set lacks the tag); one array instance per tag set.</param>
    /// <param name="row">First row.</param>
    /// <param name="count">Rows.</param>
    /// <remarks>
    /// While every row so far belongs to one tag set nothing is written: <see cref="Build"/> then
    /// uses that tag set's constant columns (<see cref="ScanSharedColumns"/>), shared by all its full
    /// batches. The arrays are filled only once a second tag set joins the batch.
    /// </remarks>
    public void FillTags(string?[] tags, int row, int count)
    {
        if (_mixedTags)
        {
            foreach (int c in _tagColumns) _strings[c].AsSpan(row, count).Fill(tags[c]);
            return;
        }
        if (_singleTags is null || ReferenceEquals(tags, _singleTags))
        {
            _singleTags = tags;
            return;
        }
        _mixedTags = true;
        foreach (int c in _tagColumns)
        {
            var column = _strings[c] = new string?[_capacity];
            column.AsSpan(0, row).Fill(_singleTags[c]);
            column.AsSpan(row, count).Fill(tags[c]);
        }
    }

    /// <summary>Copies the next <paramref name="count"/> values of <paramref name="cursor"/> into its column from row <paramref name="row"/> (the cursor does not move).</summary>
    public void CopyValues(ScanCursor cursor, int row, int count)
    {
        int c = cursor.Column;
        var block = cursor.Block!;
        int from = cursor.Position;
        _hasValue[c] = true;
        switch (cursor.Type)
        {
            case FieldType.Double:
                MemoryMarshal.Cast<long, double>(block.Values.AsSpan(from, count)).CopyTo(_doubles[c].AsSpan(row));
                break;
            case FieldType.BigInt:
                block.Values.AsSpan(from, count).CopyTo(_longs[c].AsSpan(row));
                break;
            case FieldType.Boolean:
            {
                var source = block.Values.AsSpan(from, count);
                var target = _bools[c].AsSpan(row, count);
                for (int i = 0; i < target.Length; i++) target[i] = source[i] != 0;
                break;
            }
            default:
                new ReadOnlySpan<string?>(block.Strings!, from, count).CopyTo(_strings[c].AsSpan(row));
                break;
        }
    }

    /// <summary>Marks rows [<paramref name="row"/>, +<paramref name="count"/>) of field column <paramref name="column"/> NULL.</summary>
    public void SetNull(int column, int row, int count)
    {
        (_nulls[column] ??= new bool[_capacity]).AsSpan(row, count).Fill(true);
        // The value arrays are not zeroed at allocation: a NULL row holds 0, never stale memory.
        _doubles[column]?.AsSpan(row, count).Clear();
        _longs[column]?.AsSpan(row, count).Clear();
    }

    /// <summary>
    /// The first <paramref name="rowCount"/> rows as a batch with every column of the table (columns
    /// not read, or without a value in the batch, are all NULL). With a pool, the batch's
    /// <see cref="ColumnBatch.Lease"/> holds the pooled arrays it uses; pooled arrays it does not use
    /// (a short last batch gets trimmed copies) go straight back.
    /// </summary>
    public ColumnBatch Build(int rowCount)
    {
        int n = rowCount;
        var vectors = new ColumnVector[_columns.Count];
        for (int c = 0; c < vectors.Length; c++)
        {
            var type = _columns[c].Type;
            if (c == _timeIndex) vectors[c] = new ColumnVector(ResultType.Timestamp, n, int64s: Trim(_time, n));
            else if (_columns[c].IsTag) vectors[c] = new ColumnVector(ResultType.VarChar, n, strings: TagColumn(c, n));
            else if (!_read[c] || !_hasValue[c]) vectors[c] = _shared.AllNull(type, n);
            else
            {
                var mask = _nulls[c] is { } nulls ? Trim(nulls, n) : null;
                vectors[c] = type switch
                {
                    ResultType.Double => new ColumnVector(type, n, doubles: Trim(_doubles[c]!, n), nulls: mask),
                    ResultType.BigInt => new ColumnVector(type, n, int64s: Trim(_longs[c]!, n), nulls: mask),
                    ResultType.Boolean => new ColumnVector(type, n, booleans: Trim(_bools[c]!, n), nulls: mask),
                    _ => new ColumnVector(type, n, strings: Trim(_strings[c]!, n), nulls: mask),
                };
            }
        }
        return new ColumnBatch(n, vectors) { Lease = Lease(n) };
    }

    /// <summary>The pooled arrays a batch of <paramref name="n"/> rows keeps, as a lease; the ones it does not keep are returned now.</summary>
    private BatchLease? Lease(int n)
    {
        if (_pool is null) return null;
        if (n != _capacity)
        {
            _pool.Return(_time);
            foreach (var a in _longs) _pool.Return(a);
            foreach (var a in _doubles) _pool.Return(a);
            return null;
        }
        var int64s = new long[]?[_longs.Length + 1];
        _longs.CopyTo(int64s, 0);
        int64s[^1] = _time;
        var doubles = new double[]?[_doubles.Length];
        for (int c = 0; c < doubles.Length; c++)
        {
            // a value array of a column without values in this batch is not in the batch
            if (_hasValue[c]) doubles[c] = _doubles[c];
            else _pool.Return(_doubles[c]);
            if (!_hasValue[c])
            {
                _pool.Return(int64s[c]);
                int64s[c] = null;
            }
        }
        return new BatchLease(_pool, int64s, doubles);
    }

    /// <summary>The values of tag column <paramref name="c"/> for the first <paramref name="n"/> rows.</summary>
    private string?[] TagColumn(int c, int n)
    {
        if (_mixedTags) return Trim(_strings[c]!, n);
        if (n == _capacity) return _shared.TagColumn(_singleTags!, c, n);
        var column = new string?[n];
        Array.Fill(column, _singleTags![c]);
        return column;
    }

    private static T[] Trim<T>(T[] a, int n)
    {
        if (a.Length == n) return a;
        var r = new T[n];
        Array.Copy(a, r, n);
        return r;
    }
}
