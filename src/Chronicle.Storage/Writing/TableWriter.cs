using System.Globalization;
using Chronicle.Storage.Catalog;

namespace Chronicle.Storage.Writing;

/// <summary>
/// Turns rows of a table (a timestamp, tag values, field values) into series samples: resolves
/// series keys through a local cache and the catalog (new series batched into one catalog
/// transaction per <see cref="WriteAsync"/>), and writes them as one atomic <see cref="SampleBatch"/>.
/// Used by SQL INSERT, the bulk inserter and file import. Not thread-safe.
/// </summary>
public sealed class TableWriter
{
    private readonly StorageEngine _engine;
    private readonly Dictionary<string, PendingTagSet> _tagSets = new(StringComparer.Ordinal);
    private readonly List<PendingSample> _samples = [];
    private readonly List<PendingColumn> _columns = [];
    private readonly List<string> _strings = [];
    private readonly string?[] _rowTags;
    private readonly bool[] _rowHasField;
    private readonly long[] _rowBits;
    private readonly string?[] _rowStrings;
    private readonly System.Text.StringBuilder _keyBuilder = new();
    private long _rowTime;
    private bool _inRow;
    private int _pendingRows;
    private int _columnSamples;

    /// <summary>Creates a writer for table <paramref name="table"/>.</summary>
    /// <exception cref="StorageException">The table does not exist.</exception>
    public TableWriter(StorageEngine engine, string table)
    {
        _engine = engine;
        Schema = engine.GetTable(table) ?? throw new StorageException($"table '{table}' does not exist");
        _rowTags = new string?[Schema.Tags.Count];
        _rowHasField = new bool[Schema.Fields.Count];
        _rowBits = new long[Schema.Fields.Count];
        _rowStrings = new string?[Schema.Fields.Count];
    }

    /// <summary>The table's schema.</summary>
    public TableSchema Schema { get; }

    /// <summary>Rows added since the last write (columnar appends count their samples as rows).</summary>
    public int PendingRows => _pendingRows;

    /// <summary>Samples added since the last write.</summary>
    public int PendingSamples => _samples.Count + _columnSamples;

    /// <summary>Starts a row at <paramref name="timestamp"/> (nanoseconds); tags and fields default to absent.</summary>
    /// <exception cref="InvalidOperationException">A row is already open.</exception>
    public void BeginRow(long timestamp)
    {
        if (_inRow) throw new InvalidOperationException("a row is already open: call EndRow first");
        _inRow = true;
        _rowTime = timestamp;
        Array.Clear(_rowTags);
        Array.Clear(_rowHasField);
        Array.Clear(_rowStrings);
    }

    /// <summary>Sets tag <paramref name="tagOrdinal"/> (index into <see cref="TableSchema.Tags"/>); null or empty means absent.</summary>
    /// <exception cref="InvalidOperationException">No row is open.</exception>
    public void SetTag(int tagOrdinal, string? value)
    {
        RequireRow();
        _rowTags[tagOrdinal] = value;
    }

    /// <summary>Sets field <paramref name="fieldOrdinal"/> (index into <see cref="TableSchema.Fields"/>) to a 64-bit word of the field's type (not VarChar).</summary>
    /// <exception cref="InvalidOperationException">No row is open, or the field is VarChar.</exception>
    public void SetFieldBits(int fieldOrdinal, long bits)
    {
        RequireRow();
        if (Schema.Fields[fieldOrdinal].Type == FieldType.VarChar)
            throw new InvalidOperationException($"column '{Schema.Fields[fieldOrdinal].Name}' is VARCHAR: use SetField with a string");
        _rowHasField[fieldOrdinal] = true;
        _rowBits[fieldOrdinal] = bits;
    }

    /// <summary>Sets field <paramref name="fieldOrdinal"/> to a value converted to the field's type: a number, a bool or a string; null means absent.</summary>
    /// <exception cref="InvalidCastException">The value cannot be converted to the field's type (the message names the column).</exception>
    /// <exception cref="InvalidOperationException">No row is open.</exception>
    public void SetField(int fieldOrdinal, object? value)
    {
        RequireRow();
        if (value is null or DBNull) { _rowHasField[fieldOrdinal] = false; return; }
        var column = Schema.Fields[fieldOrdinal];
        if (column.Type == FieldType.VarChar)
        {
            _rowStrings[fieldOrdinal] = value as string ?? (value is char c ? c.ToString() : throw BadValue(column, value));
            _rowHasField[fieldOrdinal] = true;
            return;
        }
        _rowBits[fieldOrdinal] = ToBits(column, value);
        _rowHasField[fieldOrdinal] = true;
    }

    /// <summary>Converts a CLR value to the 64-bit word of <paramref name="column"/>'s type (not VarChar).</summary>
    /// <exception cref="InvalidCastException">The value does not fit the type; the message names the column.</exception>
    public static long ToBits(ColumnSchema column, object value)
    {
        switch (column.Type)
        {
            case FieldType.Double:
                return value switch
                {
                    double d => BitConverter.DoubleToInt64Bits(d),
                    float f => BitConverter.DoubleToInt64Bits(f),
                    decimal m => BitConverter.DoubleToInt64Bits((double)m),
                    long or int or short or byte or sbyte or ushort or uint => BitConverter.DoubleToInt64Bits(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                    _ => throw BadValue(column, value),
                };
            case FieldType.BigInt:
                return value switch
                {
                    long l => l,
                    int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                    ulong u when u <= long.MaxValue => (long)u,
                    double d when d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758e18 => (long)d,
                    decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue => (long)m,
                    _ => throw BadValue(column, value),
                };
            case FieldType.Boolean:
                return value is bool b ? (b ? 1 : 0) : throw BadValue(column, value);
            default:
                throw BadValue(column, value);
        }
    }

    private static InvalidCastException BadValue(ColumnSchema column, object value) =>
        new($"column '{column.Name}' is {column.Type.ToString().ToUpperInvariant()}: cannot store the {value.GetType().Name} value '{Convert.ToString(value, CultureInfo.InvariantCulture)}' in it");

    /// <summary>Ends the row. A row with no field values writes nothing.</summary>
    /// <exception cref="InvalidOperationException">No row is open.</exception>
    public void EndRow()
    {
        RequireRow();
        _inRow = false;
        bool any = false;
        PendingTagSet? tagSet = null;
        for (int f = 0; f < _rowHasField.Length; f++)
        {
            if (!_rowHasField[f]) continue;
            tagSet ??= TagSetFor(_rowTags);
            any = true;
            long bits = _rowBits[f];
            if (Schema.Fields[f].Type == FieldType.VarChar)
            {
                _strings.Add(_rowStrings[f]!);
                bits = _strings.Count - 1;
            }
            _samples.Add(new PendingSample(tagSet, f, _rowTime, bits));
        }
        if (any) _pendingRows++;
    }

    /// <summary>Discards the pending rows (and an open row).</summary>
    public void Clear()
    {
        _inRow = false;
        _samples.Clear();
        _columns.Clear();
        _strings.Clear();
        _pendingRows = 0;
        _columnSamples = 0;
    }

    /// <summary>Appends the samples of one field of one tag set column-wise (the bulk fast path); copies the spans.</summary>
    /// <param name="tagValues">Tag values in <see cref="TableSchema.Tags"/> order (null = absent).</param>
    /// <param name="fieldOrdinal">Index into <see cref="TableSchema.Fields"/>; the field's type must not be VarChar.</param>
    /// <param name="timestamps">Nanoseconds.</param>
    /// <param name="bits">Values as 64-bit words of the field's type.</param>
    /// <exception cref="ArgumentException">The spans differ in length, the tag count is wrong, or the field is VarChar.</exception>
    public void AppendColumn(ReadOnlySpan<string?> tagValues, int fieldOrdinal, ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bits)
    {
        if (timestamps.Length != bits.Length) throw new ArgumentException("timestamps and values differ in length");
        if (tagValues.Length != Schema.Tags.Count) throw new ArgumentException($"table '{Schema.Name}' has {Schema.Tags.Count} tags; {tagValues.Length} values given");
        if (Schema.Fields[fieldOrdinal].Type == FieldType.VarChar) throw new ArgumentException($"column '{Schema.Fields[fieldOrdinal].Name}' is VARCHAR: append it row by row");
        if (timestamps.Length == 0) return;
        _columns.Add(new PendingColumn(TagSetFor(tagValues), fieldOrdinal, timestamps.ToArray(), bits.ToArray()));
        _columnSamples += timestamps.Length;
        _pendingRows += timestamps.Length;
    }

    /// <summary>Resolves series and writes the pending samples as one atomic batch; returns the rows written.</summary>
    /// <exception cref="StorageException">The write failed; the pending rows are kept so the caller may retry or <see cref="Clear"/>.</exception>
    public async ValueTask<int> WriteAsync(CancellationToken cancellationToken = default)
    {
        var batch = new SampleBatch();
        int rows = _pendingRows;
        Fill(batch);
        if (batch.Count > 0) await _engine.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        Clear();
        return rows;
    }

    /// <summary>Resolves series and moves the pending samples into <paramref name="batch"/> without writing (for transactions); returns the rows moved.</summary>
    public int DrainInto(SampleBatch batch)
    {
        int rows = _pendingRows;
        Fill(batch);
        Clear();
        return rows;
    }

    private void Fill(SampleBatch batch)
    {
        Resolve();
        foreach (var c in _columns)
            batch.AppendRangeBits(c.TagSet.Ids[c.Field], Schema.Fields[c.Field].Type, c.Timestamps, c.Bits);
        if (_samples.Count == 0) return;
        // Group row-wise samples by series (stable: each series keeps its write order), so the batch has one run per series.
        var order = new int[_samples.Count];
        var keys = new long[_samples.Count];
        for (int i = 0; i < order.Length; i++) { order[i] = i; keys[i] = _samples[i].TagSet.Ids[_samples[i].Field]; }
        Array.Sort(keys, order); // unstable on equal keys: restore write order below
        int start = 0;
        while (start < order.Length)
        {
            int end = start + 1;
            while (end < order.Length && keys[end] == keys[start]) end++;
            Array.Sort(order, start, end - start);
            start = end;
        }
        foreach (int i in order)
        {
            var s = _samples[i];
            long id = s.TagSet.Ids[s.Field];
            var type = Schema.Fields[s.Field].Type;
            if (type == FieldType.VarChar) batch.Append(id, s.Timestamp, _strings[(int)s.Bits]);
            else batch.AppendBits(id, type, s.Timestamp, s.Bits);
        }
    }

    private void Resolve()
    {
        var missing = new List<(PendingTagSet TagSet, int Field)>();
        var seen = new HashSet<(PendingTagSet, int)>();
        foreach (var s in _samples)
            if (s.TagSet.Ids[s.Field] == 0 && seen.Add((s.TagSet, s.Field))) missing.Add((s.TagSet, s.Field));
        foreach (var c in _columns)
            if (c.TagSet.Ids[c.Field] == 0 && seen.Add((c.TagSet, c.Field))) missing.Add((c.TagSet, c.Field));
        if (missing.Count == 0) return;
        var keys = new SeriesKey[missing.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = new SeriesKey(Schema.Name, missing[i].TagSet.Tags, Schema.Fields[missing[i].Field].Name);
        var ids = new long[keys.Length];
        _engine.GetOrCreateSeries(keys, ids);
        for (int i = 0; i < keys.Length; i++) missing[i].TagSet.Ids[missing[i].Field] = ids[i];
    }

    private PendingTagSet TagSetFor(ReadOnlySpan<string?> values)
    {
        _keyBuilder.Clear();
        foreach (var v in values) _keyBuilder.Append(v).Append('\u0001');
        string key = _keyBuilder.ToString();
        if (_tagSets.TryGetValue(key, out var existing)) return existing;
        var pairs = new KeyValuePair<string, string?>[values.Length];
        for (int i = 0; i < values.Length; i++) pairs[i] = new(Schema.Tags[i].Name, values[i]);
        var created = new PendingTagSet(TagSet.Create(pairs), new long[Schema.Fields.Count]);
        if (_tagSets.Count > 100_000) _tagSets.Clear(); // bound the cache on high-cardinality loads
        _tagSets[key] = created;
        return created;
    }

    private void RequireRow()
    {
        if (!_inRow) throw new InvalidOperationException("no row is open: call BeginRow first");
    }

    private sealed record PendingTagSet(TagSet Tags, long[] Ids);

    private readonly record struct PendingSample(PendingTagSet TagSet, int Field, long Timestamp, long Bits);

    private sealed record PendingColumn(PendingTagSet TagSet, int Field, long[] Timestamps, long[] Bits);
}
