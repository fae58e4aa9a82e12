using System.Text;
using System.Text.RegularExpressions;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Execution;

/// <summary>
/// Evaluates bound expressions column-wise over a <see cref="ColumnBatch"/>. NULL propagates
/// through arithmetic and comparisons; AND / OR use SQL's three-valued logic; BIGINT / BIGINT
/// truncates toward zero (PostgreSQL); division by zero is an error (PostgreSQL).
/// </summary>
internal static class ExpressionEvaluator
{
    /// <summary>The value of <paramref name="e"/> for every row of <paramref name="batch"/>.</summary>
    /// <exception cref="ChronicleSqlException">A runtime error (division by zero, a failed cast), at the expression's position.</exception>
    public static ColumnVector Evaluate(BoundExpr e, ColumnBatch batch)
    {
        int n = batch.RowCount;
        switch (e)
        {
            case BoundColumn c: return batch.Columns[c.Index];
            case BoundConstant k: return Vectors.Constant(k.Value, k.Type, n);
            case BoundBinary b: return Binary(b, batch);
            case BoundUnary u: return Unary(u, batch);
            case BoundIsNull isNull:
            {
                var v = Evaluate(isNull.Value, batch);
                var r = new bool[n];
                for (int i = 0; i < n; i++) r[i] = v.IsNull(i) != isNull.Negated;
                return new ColumnVector(ResultType.Boolean, n, booleans: r);
            }
            case BoundInList inList: return InList(inList, batch);
            case BoundLike like: return Like(like, batch);
            case BoundCast cast: return Cast(cast, Evaluate(cast.Value, batch));
            case BoundFunction f: return ScalarFunctions.Evaluate(f, batch);
            default: throw new InvalidOperationException($"cannot evaluate {e.GetType().Name}");
        }
    }

    /// <summary>Evaluates a constant expression (no column references) to a boxed SQL value.</summary>
    public static object? EvaluateConstant(BoundExpr e)
    {
        var v = Evaluate(e, new ColumnBatch(1, []));
        return v.GetValue(0);
    }

    /// <summary>Rows where the predicate is TRUE (not FALSE, not NULL).</summary>
    public static int Select(BoundExpr predicate, ColumnBatch batch, int[] selection)
    {
        var v = Evaluate(predicate, batch);
        int k = 0;
        for (int i = 0; i < batch.RowCount; i++)
            if (!v.IsNull(i) && v.Booleans![i]) selection[k++] = i;
        return k;
    }

    private static ColumnVector Binary(BoundBinary b, ColumnBatch batch)
    {
        if (b.Operator is BinaryOperator.And or BinaryOperator.Or) return Logical(b, batch);
        var l = Evaluate(b.Left, batch);
        var r = Evaluate(b.Right, batch);
        int n = batch.RowCount;
        var nulls = Vectors.OrNulls(l, r);
        switch (b.Operator)
        {
            case BinaryOperator.Concat:
            {
                var s = new string?[n];
                for (int i = 0; i < n; i++)
                    if (nulls is null || !nulls[i]) s[i] = Text(l, i) + Text(r, i);
                return new ColumnVector(ResultType.VarChar, n, strings: s, nulls: nulls);
            }
            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo:
                return Arithmetic(b, l, r, nulls, n);
            default:
                return Compare(b, l, r, nulls, n);
        }
    }

    private static string Text(ColumnVector v, int i) =>
        v.Type == ResultType.Timestamp ? TimeValues.Format(v.Int64s![i]) : ValueConverter.ToText(v.GetValue(i)!);

    private static ColumnVector Arithmetic(BoundBinary b, ColumnVector l, ColumnVector r, bool[]? nulls, int n)
    {
        if (b.Type == ResultType.Double)
        {
            var x = Vectors.AsDoubles(l);
            var y = Vectors.AsDoubles(r);
            var o = new double[n];
            switch (b.Operator)
            {
                case BinaryOperator.Add: for (int i = 0; i < n; i++) o[i] = x[i] + y[i]; break;
                case BinaryOperator.Subtract: for (int i = 0; i < n; i++) o[i] = x[i] - y[i]; break;
                case BinaryOperator.Multiply: for (int i = 0; i < n; i++) o[i] = x[i] * y[i]; break;
                case BinaryOperator.Divide:
                    for (int i = 0; i < n; i++)
                    {
                        if (nulls is not null && nulls[i]) continue;
                        if (y[i] == 0) throw SqlErrors.At(b.Position, "division by zero");
                        o[i] = x[i] / y[i];
                    }
                    break;
                default:
                    for (int i = 0; i < n; i++)
                    {
                        if (nulls is not null && nulls[i]) continue;
                        if (y[i] == 0) throw SqlErrors.At(b.Position, "division by zero");
                        o[i] = x[i] % y[i];
                    }
                    break;
            }
            return new ColumnVector(ResultType.Double, n, doubles: o, nulls: nulls);
        }
        if (b.Type is ResultType.BigInt or ResultType.Timestamp)
        {
            var x = Vectors.AsLongs(l);
            var y = Vectors.AsLongs(r);
            var o = new long[n];
            try
            {
                checked
                {
                    switch (b.Operator)
                    {
                        case BinaryOperator.Add: for (int i = 0; i < n; i++) if (nulls is null || !nulls[i]) o[i] = x[i] + y[i]; break;
                        case BinaryOperator.Subtract: for (int i = 0; i < n; i++) if (nulls is null || !nulls[i]) o[i] = x[i] - y[i]; break;
                        case BinaryOperator.Multiply: for (int i = 0; i < n; i++) if (nulls is null || !nulls[i]) o[i] = x[i] * y[i]; break;
                        case BinaryOperator.Divide:
                            for (int i = 0; i < n; i++)
                            {
                                if (nulls is not null && nulls[i]) continue;
                                if (y[i] == 0) throw SqlErrors.At(b.Position, "division by zero");
                                o[i] = x[i] / y[i];
                            }
                            break;
                        default:
                            for (int i = 0; i < n; i++)
                            {
                                if (nulls is not null && nulls[i]) continue;
                                if (y[i] == 0) throw SqlErrors.At(b.Position, "division by zero");
                                o[i] = x[i] % y[i];
                            }
                            break;
                    }
                }
            }
            catch (OverflowException)
            {
                throw SqlErrors.At(b.Position, "bigint out of range");
            }
            return new ColumnVector(b.Type, n, int64s: o, nulls: nulls);
        }
        return Vectors.AllNull(b.Type, n);
    }

    private static ColumnVector Compare(BoundBinary b, ColumnVector l, ColumnVector r, bool[]? nulls, int n)
    {
        var o = new bool[n];
        if (l.Type == ResultType.Null || r.Type == ResultType.Null) return Vectors.AllNull(ResultType.Boolean, n);
        var op = b.Operator;
        if (l.Type == ResultType.Double || r.Type == ResultType.Double)
        {
            var x = Vectors.AsDoubles(l);
            var y = Vectors.AsDoubles(r);
            for (int i = 0; i < n; i++) o[i] = Holds(op, x[i].CompareTo(y[i]));
        }
        else if (l.Int64s is not null && r.Int64s is not null)
        {
            var x = l.Int64s;
            var y = r.Int64s;
            switch (op)
            {
                case BinaryOperator.Equal: for (int i = 0; i < n; i++) o[i] = x[i] == y[i]; break;
                case BinaryOperator.NotEqual: for (int i = 0; i < n; i++) o[i] = x[i] != y[i]; break;
                case BinaryOperator.Less: for (int i = 0; i < n; i++) o[i] = x[i] < y[i]; break;
                case BinaryOperator.LessOrEqual: for (int i = 0; i < n; i++) o[i] = x[i] <= y[i]; break;
                case BinaryOperator.Greater: for (int i = 0; i < n; i++) o[i] = x[i] > y[i]; break;
                default: for (int i = 0; i < n; i++) o[i] = x[i] >= y[i]; break;
            }
        }
        else if (l.Type == ResultType.VarChar && r.Type == ResultType.VarChar)
        {
            for (int i = 0; i < n; i++)
                if (nulls is null || !nulls[i]) o[i] = Holds(op, string.CompareOrdinal(l.Strings![i], r.Strings![i]));
        }
        else if (l.Type == ResultType.Boolean && r.Type == ResultType.Boolean)
        {
            for (int i = 0; i < n; i++) o[i] = Holds(op, l.Booleans![i].CompareTo(r.Booleans![i]));
        }
        else
        {
            throw SqlErrors.At(b.Position, $"cannot compare {SqlErrors.TypeName(l.Type)} with {SqlErrors.TypeName(r.Type)}");
        }
        return new ColumnVector(ResultType.Boolean, n, booleans: o, nulls: nulls);
    }

    internal static bool Holds(BinaryOperator op, int c) => op switch
    {
        BinaryOperator.Equal => c == 0,
        BinaryOperator.NotEqual => c != 0,
        BinaryOperator.Less => c < 0,
        BinaryOperator.LessOrEqual => c <= 0,
        BinaryOperator.Greater => c > 0,
        _ => c >= 0,
    };

    private static ColumnVector Logical(BoundBinary b, ColumnBatch batch)
    {
        var l = Evaluate(b.Left, batch);
        var r = Evaluate(b.Right, batch);
        int n = batch.RowCount;
        var o = new bool[n];
        bool[]? nulls = null;
        bool and = b.Operator == BinaryOperator.And;
        for (int i = 0; i < n; i++)
        {
            bool ln = l.IsNull(i), rn = r.IsNull(i);
            bool lv = !ln && l.Booleans![i], rv = !rn && r.Booleans![i];
            if (and)
            {
                if ((!ln && !lv) || (!rn && !rv)) o[i] = false;
                else if (ln || rn) (nulls ??= new bool[n])[i] = true;
                else o[i] = true;
            }
            else
            {
                if (lv || rv) o[i] = true;
                else if (ln || rn) (nulls ??= new bool[n])[i] = true;
                else o[i] = false;
            }
        }
        return new ColumnVector(ResultType.Boolean, n, booleans: o, nulls: nulls);
    }

    private static ColumnVector Unary(BoundUnary u, ColumnBatch batch)
    {
        var v = Evaluate(u.Operand, batch);
        int n = batch.RowCount;
        var nulls = Vectors.NullsOf(v);
        switch (u.Operator)
        {
            case UnaryOperator.Plus: return v;
            case UnaryOperator.Not:
            {
                var o = new bool[n];
                for (int i = 0; i < n; i++) if (nulls is null || !nulls[i]) o[i] = !v.Booleans![i];
                return new ColumnVector(ResultType.Boolean, n, booleans: o, nulls: nulls);
            }
            default:
                if (v.Type == ResultType.Double)
                {
                    var o = new double[n];
                    for (int i = 0; i < n; i++) o[i] = -v.Doubles![i];
                    return new ColumnVector(ResultType.Double, n, doubles: o, nulls: nulls);
                }
                else
                {
                    var o = new long[n];
                    var x = Vectors.AsLongs(v);
                    for (int i = 0; i < n; i++) o[i] = -x[i];
                    return new ColumnVector(u.Type, n, int64s: o, nulls: nulls);
                }
        }
    }

    private static ColumnVector InList(BoundInList e, ColumnBatch batch)
    {
        var v = Evaluate(e.Value, batch);
        var items = e.Items.Select(i => Evaluate(i, batch)).ToArray();
        int n = batch.RowCount;
        var o = new bool[n];
        bool[]? nulls = null;
        for (int i = 0; i < n; i++)
        {
            if (v.IsNull(i)) { (nulls ??= new bool[n])[i] = true; continue; }
            bool found = false, sawNull = false;
            foreach (var item in items)
            {
                if (item.IsNull(i)) { sawNull = true; continue; }
                if (CompareValues(v, i, item, i) == 0) { found = true; break; }
            }
            if (found) o[i] = !e.Negated;
            else if (sawNull) (nulls ??= new bool[n])[i] = true;
            else o[i] = e.Negated;
        }
        return new ColumnVector(ResultType.Boolean, n, booleans: o, nulls: nulls);
    }

    /// <summary>Compares two non-NULL values of comparable types (numeric with numeric, text with text...).</summary>
    internal static int CompareValues(ColumnVector a, int i, ColumnVector b, int j)
    {
        if (a.Type == ResultType.Double || b.Type == ResultType.Double)
            return Vectors.GetDouble(a, i).CompareTo(Vectors.GetDouble(b, j));
        if (a.Int64s is not null && b.Int64s is not null) return a.Int64s[i].CompareTo(b.Int64s[j]);
        if (a.Strings is not null && b.Strings is not null) return string.CompareOrdinal(a.Strings[i], b.Strings[j]);
        if (a.Booleans is not null && b.Booleans is not null) return a.Booleans[i].CompareTo(b.Booleans[j]);
        return 0;
    }

    private static ColumnVector Like(BoundLike e, ColumnBatch batch)
    {
        var v = Evaluate(e.Value, batch);
        var p = Evaluate(e.Pattern, batch);
        int n = batch.RowCount;
        var o = new bool[n];
        var nulls = Vectors.OrNulls(v, p);
        Regex? cached = null;
        string? cachedPattern = null;
        for (int i = 0; i < n; i++)
        {
            if (nulls is not null && nulls[i]) continue;
            var pattern = p.Strings![i]!;
            if (!ReferenceEquals(pattern, cachedPattern) && pattern != cachedPattern)
            {
                cached = LikeRegex(pattern, e.IgnoreCase);
                cachedPattern = pattern;
            }
            o[i] = cached!.IsMatch(v.Strings![i]!) != e.Negated;
        }
        return new ColumnVector(ResultType.Boolean, n, booleans: o, nulls: nulls);
    }

    /// <summary>A regex equivalent to a SQL LIKE pattern (<c>%</c>, <c>_</c>, backslash escapes the next character).</summary>
    internal static Regex LikeRegex(string pattern, bool ignoreCase)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) { sb.Append(Regex.Escape(pattern[++i].ToString())); continue; }
            sb.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }

    private static ColumnVector Cast(BoundCast c, ColumnVector v)
    {
        int n = v.Length;
        if (v.Type == c.Type) return v;
        if (c.Type == ResultType.Double && v.Int64s is not null)
            return new ColumnVector(ResultType.Double, n, doubles: Vectors.AsDoubles(v), nulls: v.Nulls);
        if (c.Type is ResultType.BigInt or ResultType.Timestamp && v.Int64s is not null)
            return new ColumnVector(c.Type, n, int64s: v.Int64s, nulls: v.Nulls);
        var builder = new VectorBuilder(c.Type, n);
        for (int i = 0; i < n; i++)
        {
            var value = v.GetValue(i);
            if (!ValueConverter.TryConvert(value, v.Type, c.Type, out var result, out var error))
                throw SqlErrors.At(c.Position, error!);
            builder.AppendValue(result);
        }
        return builder.Build();
    }
}
