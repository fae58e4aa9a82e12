using Chronicle.Arrow;
using Chronicle.Sql.Execution;

namespace Chronicle.Data.Arrow;

/// <summary>
/// Turns the column batches of one query result into Arrow record batches, buffer by buffer:
/// TIMESTAMP becomes Timestamp(ns, "UTC") and BIGINT Int64, both over the batch's <c>long[]</c>
/// without copying; DOUBLE becomes Float64 over its <c>double[]</c>; BOOLEAN is bit-packed; VARCHAR
/// is encoded to UTF-8 (int32 offsets); a tag column (<see cref="ResultColumn.IsTag"/>) is
/// dictionary-encoded with int32 indices into one growing dictionary per column, so each batch
/// after the first sends only the tags it sees first (a delta); a NULL-only column is Null. A null
/// mask becomes a validity bitmap (bit set = valid). Every field is nullable.
/// </summary>
/// <remarks>
/// The record batches share the column batches' arrays, which the query engine allocates afresh for
/// every batch and never changes afterwards, so a batch stays valid after the next one is read.
/// Not thread-safe: one converter per result.
/// </remarks>
internal sealed class ArrowBatchConverter
{
    private readonly ResultType[] _types;
    private readonly ArrowDictionaryBuilder?[] _dictionaries;
    private readonly TagIndices?[] _lastTags;

    /// <summary>Creates the converter and the Arrow schema of <paramref name="columns"/>.</summary>
    public ArrowBatchConverter(IReadOnlyList<ResultColumn> columns)
    {
        _types = new ResultType[columns.Count];
        _dictionaries = new ArrowDictionaryBuilder?[columns.Count];
        _lastTags = new TagIndices?[columns.Count];
        var fields = new ArrowField[columns.Count];
        long dictionaryId = 0;
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            _types[i] = c.Type;
            if (c.Type == ResultType.VarChar && c.IsTag)
            {
                _dictionaries[i] = new ArrowDictionaryBuilder();
                fields[i] = ArrowField.DictionaryUtf8(c.Name, dictionaryId++);
                continue;
            }
            fields[i] = new ArrowField(c.Name, TypeOf(c.Type));
        }
        Schema = new ArrowSchema(fields);
    }

    /// <summary>The Arrow schema: one nullable field per result column, in order.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>The Arrow type a result type is exported as (the value type, for a tag column).</summary>
    public static ArrowType TypeOf(ResultType type) => type switch
    {
        ResultType.Timestamp => ArrowType.Timestamp(TimeUnit.Nanosecond, "UTC"),
        ResultType.Double => ArrowType.Float64,
        ResultType.BigInt => ArrowType.Int64,
        ResultType.Boolean => ArrowType.Boolean,
        ResultType.VarChar => ArrowType.Utf8,
        _ => ArrowType.Null,
    };

    /// <summary>Converts one batch (its vectors must have the result's column types, or be NULL-only).</summary>
    /// <exception cref="InvalidOperationException">A vector's type differs from its column's.</exception>
    public ArrowRecordBatch Convert(ColumnBatch batch)
    {
        int n = batch.RowCount;
        var arrays = new ArrowArray[_types.Length];
        for (int c = 0; c < arrays.Length; c++)
        {
            var vector = batch.Columns[c];
            var type = _types[c];
            if (vector.Type != type)
            {
                if (vector.Type != ResultType.Null)
                    throw new InvalidOperationException($"Column {c} ('{Schema.Fields[c].Name}') is {type} but a batch holds {vector.Type} values.");
                arrays[c] = AllNull(c, n);
                continue;
            }
            arrays[c] = type switch
            {
                ResultType.Timestamp or ResultType.BigInt =>
                    ArrowArray.FromMemory(TypeOf(type), new ReadOnlyMemory<long>(vector.Int64s, 0, n), Validity(vector.Nulls, n)),
                ResultType.Double => ArrowArray.FromMemory(ArrowType.Float64, new ReadOnlyMemory<double>(vector.Doubles, 0, n), Validity(vector.Nulls, n)),
                ResultType.Boolean => Booleans(vector, n),
                ResultType.VarChar when _dictionaries[c] is { } dictionary => Dictionary(c, vector, n, dictionary),
                ResultType.VarChar => Utf8(vector, n),
                _ => ArrowArray.Nulls(n),
            };
        }
        return new ArrowRecordBatch(Schema, n, arrays);
    }

    /// <summary>Packs a null mask (true = NULL) into a validity bitmap (bit set = valid); empty when nothing is NULL.</summary>
    internal static ReadOnlyMemory<byte> Validity(bool[]? nulls, int n)
    {
        if (nulls is null || Array.IndexOf(nulls, true, 0, n) < 0) return default;
        var bitmap = new byte[(n + 7) >> 3];
        for (int i = 0; i < n; i++)
            if (!nulls[i]) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        return bitmap;
    }

    private static ArrowArray Booleans(ColumnVector vector, int n)
    {
        var values = vector.Booleans.AsSpan(0, n);
        if (vector.Nulls is not { } nulls || Array.IndexOf(nulls, true, 0, n) < 0) return ArrowArray.FromBoolean(values);
        var valid = new bool[n];
        for (int i = 0; i < n; i++) valid[i] = !nulls[i];
        return ArrowArray.FromBoolean(values, valid);
    }

    private static ArrowArray Utf8(ColumnVector vector, int n)
    {
        var strings = vector.Strings!;
        var nulls = vector.Nulls;
        long total = 0;
        bool anyNull = false;
        for (int i = 0; i < n; i++)
        {
            if (strings[i] is { } s && (nulls is null || !nulls[i])) total += System.Text.Encoding.UTF8.GetByteCount(s);
            else anyNull = true;
        }
        if (total > int.MaxValue) throw new InvalidOperationException("A batch's strings exceed 2 GiB of UTF-8, the limit of an Arrow Utf8 column.");
        var offsets = new int[n + 1];
        var data = new byte[total];
        byte[]? bitmap = anyNull ? new byte[(n + 7) >> 3] : null;
        int position = 0;
        for (int i = 0; i < n; i++)
        {
            if (strings[i] is { } s && (nulls is null || !nulls[i]))
            {
                position += System.Text.Encoding.UTF8.GetBytes(s, data.AsSpan(position));
                if (bitmap is not null) bitmap[i >> 3] |= (byte)(1 << (i & 7));
            }
            offsets[i + 1] = position;
        }
        return ArrowArray.FromUtf8(offsets, data, bitmap);
    }

    /// <summary>
    /// Dictionary-encodes a tag column. A tag column holds runs of one string instance (a tag set's
    /// rows), so each run costs one dictionary lookup and a vectorized fill of its indices. A scan
    /// shares one tag array between the full batches of a tag set; meeting that array again (same
    /// instance, length and null mask) reuses the indices and validity already computed, which is
    /// safe because batch arrays and dictionary indices never change.
    /// </summary>
    private ArrowArray Dictionary(int c, ColumnVector vector, int n, ArrowDictionaryBuilder dictionary)
    {
        var strings = vector.Strings!;
        var nulls = vector.Nulls;
        if (_lastTags[c] is { } last && ReferenceEquals(last.Strings, strings) && ReferenceEquals(last.Nulls, nulls) && last.Length == n)
            return ArrowArray.DictionaryUtf8(last.Indices, dictionary.ToDictionary(), last.Validity);
        var indices = new int[n];
        byte[]? bitmap = null;
        int i = 0;
        while (i < n)
        {
            var s = strings[i];
            int end = i + 1;
            if (s is null || (nulls is not null && nulls[i]))
            {
                if (bitmap is null)
                {
                    bitmap = new byte[(n + 7) >> 3];
                    for (int j = 0; j < i; j++) bitmap[j >> 3] |= (byte)(1 << (j & 7));
                }
                i = end;
                continue;
            }
            while (end < n && ReferenceEquals(strings[end], s) && (nulls is null || !nulls[end])) end++;
            indices.AsSpan(i, end - i).Fill(dictionary.GetOrAdd(s));
            if (bitmap is not null)
                for (int j = i; j < end; j++) bitmap[j >> 3] |= (byte)(1 << (j & 7));
            i = end;
        }
        _lastTags[c] = new TagIndices(strings, nulls, n, indices, bitmap);
        return ArrowArray.DictionaryUtf8(indices, dictionary.ToDictionary(), bitmap);
    }

    /// <summary>The indices and validity computed for one tag array, kept for the next batch that shares it.</summary>
    private sealed record TagIndices(string?[] Strings, bool[]? Nulls, int Length, int[] Indices, byte[]? Validity);

    private ArrowArray AllNull(int c, int n)
    {
        var none = new byte[(n + 7) >> 3];
        return _types[c] switch
        {
            ResultType.Timestamp or ResultType.BigInt => ArrowArray.FromMemory(TypeOf(_types[c]), new long[n], none),
            ResultType.Double => ArrowArray.FromMemory(ArrowType.Float64, new double[n], none),
            ResultType.Boolean => ArrowArray.FromBoolean(new bool[n], new bool[n]),
            ResultType.VarChar when _dictionaries[c] is { } dictionary => ArrowArray.DictionaryUtf8(new int[n], dictionary.ToDictionary(), none),
            ResultType.VarChar => ArrowArray.FromUtf8(new int[n + 1], ReadOnlyMemory<byte>.Empty, none),
            _ => ArrowArray.Nulls(n),
        };
    }
}
