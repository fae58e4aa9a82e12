using System.Buffers;
using System.Globalization;
using Chronicle.Storage.Catalog;

namespace Chronicle.Storage.Writing;

/// <summary>
/// Turns rows of a table (a timestamp, tag values, field values) into series samples: resolves
/// series keys through a local cache and the catalog (new series batched into one catalog
/// transaction per <see cref="WriteAsync"/>), and writes them as one atomic <see cref="SampleBatch"/>.
/// Used by SQL INSERT, the bulk inserter and file import. Not thread-safe.
/// <para>
/// Pending samples sit in three flat columns (timestamp, value word, slot = tag set x field) in
/// write order, whether they came row by row or column-wise. <see cref="DrainInto"/> groups them
/// by slot with a stable counting sort, so each series becomes one run of the batch, in the order
/// its samples were written (the last write of a timestamp wins). A writer may be reused across
/// writes: its tag-set cache keeps the resolved series IDs.
/// </para>
/// </summary>
public sealed class TableWriter
{
    /// <summary>Tag sets cached at most between writes; past this the cache is emptied when nothing is pending.</summary>
    private const int MaxCachedTagSets = 100_000;

    private readonly StorageEngine _engine;
    private readonly FieldType[] _fieldTypes;
    private readonly TagSetCache _tagSets;
    private readonly List<PendingTagSet> _active = [];
    private readonly List<string> _strings = [];
    // Pending samples, in write order; rented from the shared array pool (they grow to a whole
    // bulk chunk, and fresh large arrays would be zeroed and collected as gen-2 garbage).
    private long[] _timestamps = [];
    private long[] _bits = [];
    private int[] _slots = [];
    private int _count;
    private int[] _starts = [];
    private int[] _order = [];
    private readonly List<(PendingTagSet TagSet, int Field)> _missing = [];
    private readonly string?[] _rowTags;
    private readonly bool[] _rowHasField;
    private readonly long[] _rowBits;
    private readonly string?[] _rowStrings;
    private long _rowTime;
    private bool _inRow;
    private int _pendingRows;
    private int _generation; // advances when the pending rows are cleared, so an older mark is refused

    /// <summary>Creates a writer for table <paramref name="table"/>.</summary>
    /// <exception cref="StorageException">The table does not exist.</exception>
    public TableWriter(StorageEngine engine, string table)
    {
        _engine = engine;
        Schema = engine.GetTable(table) ?? throw new StorageException($"table '{table}' does not exist");
        _fieldTypes = Schema.Fields.Select(f => f.Type).ToArray();
        _tagSets = new TagSetCache(Schema);
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
    public int PendingSamples => _count;

    /// <summary>Starts a row at <paramref name="timestamp"/> (nanoseconds); tags and fields default to absent.</summary>
    /// <exception cref="InvalidOperationException">A row is already open.</exception>
    public void BeginRow(long timestamp)
    {
        if (_inRow) throw new InvalidOperationException("a row is already open: call EndRow first");
        _inRow = true;
        _rowTime = timestamp;
        Array.Clear(_rowTags);
        Array.Clear(_rowHasField);
    }

    /// <summary>Sets the open row's timestamp (nanoseconds), for callers that learn it after <see cref="BeginRow"/>.</summary>
    /// <exception cref="InvalidOperationException">No row is open.</exception>
    public void SetTimestamp(long timestamp)
    {
        RequireRow();
        _rowTime = timestamp;
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
        if (_fieldTypes[fieldOrdinal] == FieldType.VarChar)
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
        int baseSlot = -1;
        for (int f = 0; f < _rowHasField.Length; f++)
        {
            if (!_rowHasField[f]) continue;
            if (baseSlot < 0) baseSlot = Activate(_tagSets.Get(_rowTags));
            long bits = _rowBits[f];
            if (_fieldTypes[f] == FieldType.VarChar)
            {
                _strings.Add(_rowStrings[f]!);
                bits = _strings.Count - 1;
            }
            if (_count == _timestamps.Length) Grow(_count + 1);
            _timestamps[_count] = _rowTime;
            _bits[_count] = bits;
            _slots[_count] = baseSlot + f;
            _count++;
        }
        if (baseSlot >= 0) _pendingRows++;
    }

    /// <summary>Marks the pending rows so far (an open row is not part of them), for <see cref="RollbackTo"/>.</summary>
    public PendingMark Mark() => new(_generation, _count, _pendingRows, _strings.Count, _active.Count);

    /// <summary>
    /// Discards the rows added after <paramref name="mark"/> (and an open row), keeping those before
    /// it: one failed statement of a transaction undone without losing the statements before it.
    /// </summary>
    /// <exception cref="ArgumentException">The mark was taken before the pending rows were last written, drained or cleared.</exception>
    public void RollbackTo(PendingMark mark)
    {
        if (mark.Generation != _generation || mark.Samples > _count || mark.TagSets > _active.Count)
            throw new ArgumentException("the mark is from before the pending rows were last written, drained or cleared", nameof(mark));
        _inRow = false;
        for (int t = mark.TagSets; t < _active.Count; t++) _active[t].Slot = -1;
        _active.RemoveRange(mark.TagSets, _active.Count - mark.TagSets);
        _strings.RemoveRange(mark.Strings, _strings.Count - mark.Strings);
        _count = mark.Samples;
        _pendingRows = mark.Rows;
    }

    /// <summary>Discards the pending rows (and an open row).</summary>
    public void Clear()
    {
        _generation++;
        _inRow = false;
        foreach (var tagSet in _active) tagSet.Slot = -1;
        _active.Clear();
        _strings.Clear();
        _count = 0;
        _pendingRows = 0;
        if (_tagSets.Count > MaxCachedTagSets) _tagSets.Clear(); // bound the cache on high-cardinality loads
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
        if (_fieldTypes[fieldOrdinal] == FieldType.VarChar) throw new ArgumentException($"column '{Schema.Fields[fieldOrdinal].Name}' is VARCHAR: append it row by row");
        if (timestamps.Length == 0) return;
        int slot = Activate(_tagSets.Get(tagValues)) + fieldOrdinal;
        int n = timestamps.Length;
        if (_count + n > _timestamps.Length) Grow(_count + n);
        timestamps.CopyTo(_timestamps.AsSpan(_count));
        bits.CopyTo(_bits.AsSpan(_count));
        _slots.AsSpan(_count, n).Fill(slot);
        _count += n;
        _pendingRows += n;
    }

    /// <summary>Resolves series and writes the pending samples as one atomic batch; returns the rows written.</summary>
    /// <exception cref="StorageException">The write failed; the pending rows are kept so the caller may retry or <see cref="Clear"/>.</exception>
    public async ValueTask<int> WriteAsync(CancellationToken cancellationToken = default)
    {
        var batch = new SampleBatch(_count);
        int rows = _pendingRows;
        Fill(batch);
        if (batch.Count > 0) await _engine.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        Clear();
        return rows;
    }

    /// <summary>Resolves series and moves the pending samples into <paramref name="batch"/> without writing (for transactions); returns the rows moved.</summary>
    /// <exception cref="StorageException">A new series could not be created; the pending rows are kept and nothing is added to <paramref name="batch"/>.</exception>
    public int DrainInto(SampleBatch batch)
    {
        int rows = _pendingRows;
        Fill(batch);
        Clear();
        return rows;
    }

    /// <summary>The first slot of <paramref name="tagSet"/> (slots are tag set x field), adding it to the pending tag sets.</summary>
    private int Activate(PendingTagSet tagSet)
    {
        if (tagSet.Slot < 0)
        {
            tagSet.Slot = _active.Count;
            _active.Add(tagSet);
        }
        return tagSet.Slot * _fieldTypes.Length;
    }

    private void Grow(int needed)
    {
        int size = Math.Max(Math.Max(needed, 64), _timestamps.Length * 2);
        Regrow(ref _timestamps, size, _count);
        Regrow(ref _bits, size, _count);
        Regrow(ref _slots, size, _count);
    }

    /// <summary>Replaces <paramref name="array"/> with a pooled one of at least <paramref name="size"/> elements, keeping the first <paramref name="keep"/>.</summary>
    private static void Regrow<T>(ref T[] array, int size, int keep)
    {
        var bigger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, keep).CopyTo(bigger);
        if (array.Length > 0) ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }

    /// <summary>
    /// Discards the pending rows (as <see cref="Clear"/>) and returns the writer's sample buffers to
    /// the shared array pool: call it when done with a writer that held many samples. The writer
    /// stays usable (it rents again when written to); the tag-set cache is kept.
    /// </summary>
    public void ReleaseBuffers()
    {
        Clear();
        Release(ref _timestamps);
        Release(ref _bits);
        Release(ref _slots);
        Release(ref _starts);
        Release(ref _order);
    }

    private static void Release<T>(ref T[] array)
    {
        if (array.Length > 0) ArrayPool<T>.Shared.Return(array);
        array = [];
    }

    /// <summary>
    /// Appends the pending samples to <paramref name="batch"/>, one run per series: a stable
    /// counting sort by slot (count per slot, prefix sums, then each sample's index placed at its
    /// slot's next position), so each series keeps its write order. Linear in the samples.
    /// </summary>
    private void Fill(SampleBatch batch)
    {
        if (_count == 0) return;
        int fields = _fieldTypes.Length;
        int slots = _active.Count * fields;
        if (_starts.Length < slots + 1) Regrow(ref _starts, slots + 1, 0);
        var starts = _starts.AsSpan(0, slots + 1);
        starts.Clear();
        var slotOf = _slots.AsSpan(0, _count);
        foreach (int s in slotOf) starts[s + 1]++;
        Resolve(starts);
        for (int s = 1; s <= slots; s++) starts[s] += starts[s - 1];
        // starts[s] is now where slot s begins; placing a sample advances it to where slot s ends.
        if (_order.Length < _count) Regrow(ref _order, _count, 0);
        var order = _order.AsSpan(0, _count);
        for (int i = 0; i < slotOf.Length; i++) order[starts[slotOf[i]]++] = i;
        int begin = 0;
        for (int s = 0; s < slots; s++)
        {
            int end = starts[s];
            if (end == begin) continue;
            var type = _fieldTypes[s % fields];
            long id = _active[s / fields].Ids[s % fields];
            var run = order[begin..end];
            if (type == FieldType.VarChar)
            {
                foreach (int i in run) batch.Append(id, _timestamps[i], _strings[(int)_bits[i]]);
            }
            else
            {
                batch.AppendRangeUninitialized(id, type, run.Length, out var timestamps, out var bits);
                for (int k = 0; k < run.Length; k++)
                {
                    int i = run[k];
                    timestamps[k] = _timestamps[i];
                    bits[k] = _bits[i];
                }
            }
            begin = end;
        }
    }

    /// <summary>Assigns series IDs to every slot with samples (<paramref name="counts"/>[slot + 1] &gt; 0) that has none yet: one catalog call for all of them.</summary>
    private void Resolve(ReadOnlySpan<int> counts)
    {
        int fields = _fieldTypes.Length;
        _missing.Clear();
        for (int t = 0; t < _active.Count; t++)
        {
            var tagSet = _active[t];
            for (int f = 0; f < fields; f++)
                if (counts[t * fields + f + 1] > 0 && tagSet.Ids[f] == 0) _missing.Add((tagSet, f));
        }
        if (_missing.Count == 0) return;
        var keys = new SeriesKey[_missing.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = new SeriesKey(Schema.Name, _missing[i].TagSet.Tags, Schema.Fields[_missing[i].Field].Name);
        var ids = new long[keys.Length];
        _engine.GetOrCreateSeries(keys, ids);
        for (int i = 0; i < keys.Length; i++) _missing[i].TagSet.Ids[_missing[i].Field] = ids[i];
    }

    private void RequireRow()
    {
        if (!_inRow) throw new InvalidOperationException("no row is open: call BeginRow first");
    }
}
