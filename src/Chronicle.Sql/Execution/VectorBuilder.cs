namespace Chronicle.Sql.Execution;

/// <summary>Builds one <see cref="ColumnVector"/> value by value (growing arrays, a lazily created null mask).</summary>
internal sealed class VectorBuilder
{
    private long[]? _longs;
    private double[]? _doubles;
    private bool[]? _bools;
    private string?[]? _strings;
    private bool[]? _nulls;
    private int _count;

    /// <summary>Creates a builder of type <paramref name="type"/> with room for <paramref name="capacity"/> values.</summary>
    public VectorBuilder(ResultType type, int capacity = 64)
    {
        Type = type;
        capacity = Math.Max(capacity, 4);
        switch (type)
        {
            case ResultType.Timestamp or ResultType.BigInt: _longs = new long[capacity]; break;
            case ResultType.Double: _doubles = new double[capacity]; break;
            case ResultType.Boolean: _bools = new bool[capacity]; break;
            case ResultType.VarChar: _strings = new string?[capacity]; break;
        }
    }

    /// <summary>The vector's type.</summary>
    public ResultType Type { get; }

    /// <summary>Values appended so far.</summary>
    public int Count => _count;

    private int Slot()
    {
        int cap = _longs?.Length ?? _doubles?.Length ?? _bools?.Length ?? _strings?.Length ?? int.MaxValue;
        if (_count == cap)
        {
            int n = cap * 2;
            if (_longs is not null) Array.Resize(ref _longs, n);
            if (_doubles is not null) Array.Resize(ref _doubles, n);
            if (_bools is not null) Array.Resize(ref _bools, n);
            if (_strings is not null) Array.Resize(ref _strings, n);
        }
        if (_nulls is not null && _nulls.Length <= _count) Array.Resize(ref _nulls, Math.Max(_count + 1, _nulls.Length * 2));
        return _count++;
    }

    /// <summary>Appends NULL.</summary>
    public void AppendNull()
    {
        int i = Slot();
        if (Type == ResultType.Null) return;
        _nulls ??= new bool[Math.Max(_count, 64)];
        if (_nulls.Length <= i) Array.Resize(ref _nulls, Math.Max(i + 1, _nulls.Length * 2));
        _nulls[i] = true;
    }

    /// <summary>Appends a Timestamp or BigInt value.</summary>
    public void AppendLong(long v) { int i = Slot(); _longs![i] = v; }

    /// <summary>Appends a Double value.</summary>
    public void AppendDouble(double v) { int i = Slot(); _doubles![i] = v; }

    /// <summary>Appends a Boolean value.</summary>
    public void AppendBool(bool v) { int i = Slot(); _bools![i] = v; }

    /// <summary>Appends a VarChar value (null = NULL).</summary>
    public void AppendString(string? v) { if (v is null) { AppendNull(); return; } int i = Slot(); _strings![i] = v; }

    /// <summary>Appends a boxed value of this builder's type (long, double, bool, string) or null.</summary>
    public void AppendValue(object? v)
    {
        if (v is null || Type == ResultType.Null) { AppendNull(); return; }
        // The usual case first: the value is of the builder's type (no IConvertible dispatch).
        if (v is long l && Type is ResultType.Timestamp or ResultType.BigInt) { AppendLong(l); return; }
        if (v is double d && Type == ResultType.Double) { AppendDouble(d); return; }
        switch (Type)
        {
            case ResultType.Timestamp or ResultType.BigInt: AppendLong(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ResultType.Double: AppendDouble(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)); break;
            case ResultType.Boolean: AppendBool((bool)v); break;
            default: AppendString(v as string ?? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>Appends row <paramref name="row"/> of <paramref name="source"/> (same type).</summary>
    public void AppendFrom(ColumnVector source, int row)
    {
        if (source.IsNull(row)) { AppendNull(); return; }
        switch (Type)
        {
            case ResultType.Timestamp or ResultType.BigInt: AppendLong(source.Int64s![row]); break;
            case ResultType.Double: AppendDouble(source.Doubles![row]); break;
            case ResultType.Boolean: AppendBool(source.Booleans![row]); break;
            case ResultType.VarChar: AppendString(source.Strings![row]); break;
            default: AppendNull(); break;
        }
    }

    /// <summary>The vector of the values appended (arrays trimmed to the count); the builder is reset.</summary>
    public ColumnVector Build() => Build(reuse: true);

    /// <summary>
    /// The vector of the values appended (arrays trimmed to the count); with <paramref name="reuse"/>
    /// the builder is reset for more values, without it the builder must not be used again (its
    /// arrays may now belong to the vector, and no new ones are allocated).
    /// </summary>
    public ColumnVector Build(bool reuse)
    {
        int n = _count;
        bool[]? nulls = null;
        if (_nulls is not null)
        {
            nulls = new bool[n];
            Array.Copy(_nulls, nulls, Math.Min(n, _nulls.Length));
        }
        var v = new ColumnVector(Type, n,
            _longs is null ? null : Trim(_longs, n),
            _doubles is null ? null : Trim(_doubles, n),
            _bools is null ? null : Trim(_bools, n),
            _strings is null ? null : Trim(_strings, n),
            nulls);
        _count = 0;
        _nulls = null;
        if (!reuse) return v;
        if (_longs is not null) _longs = new long[Math.Max(4, _longs.Length)];
        if (_doubles is not null) _doubles = new double[Math.Max(4, _doubles.Length)];
        if (_bools is not null) _bools = new bool[Math.Max(4, _bools.Length)];
        if (_strings is not null) _strings = new string?[Math.Max(4, _strings.Length)];
        return v;
    }

    private static T[] Trim<T>(T[] a, int n)
    {
        if (a.Length == n) return a;
        var r = new T[n];
        Array.Copy(a, r, n);
        return r;
    }
}

/// <summary>Small constructors and accessors over <see cref="ColumnVector"/>.</summary>
internal static class Vectors
{
    /// <summary>A vector of <paramref name="length"/> copies of <paramref name="value"/> (boxed long/double/bool/string or null).</summary>
    public static ColumnVector Constant(object? value, ResultType type, int length)
    {
        if (value is null)
            return type == ResultType.Null ? new ColumnVector(ResultType.Null, length) : AllNull(type, length);
        switch (type)
        {
            case ResultType.Timestamp or ResultType.BigInt: { var a = new long[length]; Array.Fill(a, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); return new ColumnVector(type, length, int64s: a); }
            case ResultType.Double: { var a = new double[length]; Array.Fill(a, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); return new ColumnVector(type, length, doubles: a); }
            case ResultType.Boolean: { var a = new bool[length]; Array.Fill(a, (bool)value); return new ColumnVector(type, length, booleans: a); }
            case ResultType.VarChar: { var a = new string?[length]; Array.Fill(a, (string)value); return new ColumnVector(type, length, strings: a); }
            default: return new ColumnVector(ResultType.Null, length);
        }
    }

    /// <summary>A vector of <paramref name="length"/> NULLs of type <paramref name="type"/>.</summary>
    public static ColumnVector AllNull(ResultType type, int length)
    {
        var nulls = new bool[length];
        Array.Fill(nulls, true);
        return type switch
        {
            ResultType.Timestamp or ResultType.BigInt => new ColumnVector(type, length, int64s: new long[length], nulls: nulls),
            ResultType.Double => new ColumnVector(type, length, doubles: new double[length], nulls: nulls),
            ResultType.Boolean => new ColumnVector(type, length, booleans: new bool[length], nulls: nulls),
            ResultType.VarChar => new ColumnVector(type, length, strings: new string?[length], nulls: nulls),
            _ => new ColumnVector(ResultType.Null, length),
        };
    }

    /// <summary>The rows <paramref name="rows"/>[0..count) of <paramref name="v"/>, in that order.</summary>
    public static ColumnVector Gather(ColumnVector v, int[] rows, int count)
    {
        bool[]? nulls = null;
        if (v.Nulls is not null)
        {
            nulls = new bool[count];
            for (int i = 0; i < count; i++) nulls[i] = v.Nulls[rows[i]];
        }
        switch (v.Type)
        {
            case ResultType.Timestamp or ResultType.BigInt: { var a = new long[count]; for (int i = 0; i < count; i++) a[i] = v.Int64s![rows[i]]; return new ColumnVector(v.Type, count, int64s: a, nulls: nulls); }
            case ResultType.Double: { var a = new double[count]; for (int i = 0; i < count; i++) a[i] = v.Doubles![rows[i]]; return new ColumnVector(v.Type, count, doubles: a, nulls: nulls); }
            case ResultType.Boolean: { var a = new bool[count]; for (int i = 0; i < count; i++) a[i] = v.Booleans![rows[i]]; return new ColumnVector(v.Type, count, booleans: a, nulls: nulls); }
            case ResultType.VarChar: { var a = new string?[count]; for (int i = 0; i < count; i++) a[i] = v.Strings![rows[i]]; return new ColumnVector(v.Type, count, strings: a, nulls: nulls); }
            default: return new ColumnVector(ResultType.Null, count);
        }
    }

    /// <summary>The rows of <paramref name="batch"/> at <paramref name="rows"/>[0..count).</summary>
    public static ColumnBatch Gather(ColumnBatch batch, int[] rows, int count)
    {
        var cols = new ColumnVector[batch.Columns.Count];
        for (int c = 0; c < cols.Length; c++) cols[c] = Gather(batch.Columns[c], rows, count);
        return new ColumnBatch(count, cols);
    }

    /// <summary>Value at <paramref name="row"/> as a double (numeric types), assuming not NULL.</summary>
    public static double GetDouble(ColumnVector v, int row) => v.Type switch
    {
        ResultType.Double => v.Doubles![row],
        ResultType.BigInt or ResultType.Timestamp => v.Int64s![row],
        ResultType.Boolean => v.Booleans![row] ? 1 : 0,
        _ => double.NaN,
    };

    /// <summary>The values as doubles (converting integers); null positions hold arbitrary values.</summary>
    public static double[] AsDoubles(ColumnVector v)
    {
        if (v.Type == ResultType.Double) return v.Doubles!;
        var a = new double[v.Length];
        if (v.Int64s is not null) for (int i = 0; i < a.Length; i++) a[i] = v.Int64s[i];
        else if (v.Booleans is not null) for (int i = 0; i < a.Length; i++) a[i] = v.Booleans[i] ? 1 : 0;
        return a;
    }

    /// <summary>The values as longs (BigInt / Timestamp), or a zero array for the Null type.</summary>
    public static long[] AsLongs(ColumnVector v) => v.Int64s ?? new long[v.Length];

    /// <summary>A null mask that is the OR of the two (null when neither has NULLs).</summary>
    public static bool[]? OrNulls(ColumnVector a, ColumnVector b)
    {
        bool an = a.Nulls is not null || a.Type is ResultType.Null or ResultType.VarChar;
        bool bn = b.Nulls is not null || b.Type is ResultType.Null or ResultType.VarChar;
        if (!an && !bn) return null;
        int n = a.Length;
        var r = new bool[n];
        bool any = false;
        for (int i = 0; i < n; i++) { r[i] = a.IsNull(i) || b.IsNull(i); any |= r[i]; }
        return any ? r : null;
    }

    /// <summary>The null mask of <paramref name="a"/> as a fresh array, or null when it has no NULLs.</summary>
    public static bool[]? NullsOf(ColumnVector a)
    {
        if (a.Nulls is null && a.Type is not (ResultType.Null or ResultType.VarChar)) return null;
        var r = new bool[a.Length];
        bool any = false;
        for (int i = 0; i < r.Length; i++) { r[i] = a.IsNull(i); any |= r[i]; }
        return any ? r : null;
    }
}
