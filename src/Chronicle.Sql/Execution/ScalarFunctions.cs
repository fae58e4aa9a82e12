using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Execution;

/// <summary>
/// The scalar functions: their result types (checked at bind time) and their evaluation.
/// <c>time_bucket(width, time [, origin])</c> (alias <c>date_bin</c>) is column-wise; the others
/// are row-wise over boxed values and return NULL when any argument is NULL (except coalesce).
/// </summary>
internal static class ScalarFunctions
{
    /// <summary>The result type of <paramref name="name"/> applied to <paramref name="args"/>, or throws a type error at <paramref name="call"/>.</summary>
    public static ResultType ReturnType(string name, IReadOnlyList<BoundExpr> args, Syntax.SourcePosition call)
    {
        void Arity(int min, int max)
        {
            if (args.Count < min || args.Count > max)
                throw SqlErrors.At(call, min == max
                    ? $"function {name} takes {min} argument{(min == 1 ? "" : "s")}, not {args.Count}"
                    : $"function {name} takes {min} to {max} arguments, not {args.Count}");
        }
        void Numeric(int i)
        {
            if (args[i].Type is not (ResultType.Double or ResultType.BigInt or ResultType.Null))
                throw SqlErrors.At(args[i].Position.Line > 0 ? args[i].Position : call, $"function {name} expects a number, not {SqlErrors.TypeName(args[i].Type)}");
        }
        void Text(int i)
        {
            if (args[i].Type is not (ResultType.VarChar or ResultType.Null))
                throw SqlErrors.At(args[i].Position.Line > 0 ? args[i].Position : call, $"function {name} expects VARCHAR, not {SqlErrors.TypeName(args[i].Type)}");
        }
        switch (name)
        {
            case "time_bucket":
                Arity(2, 3);
                if (args[1].Type is not (ResultType.Timestamp or ResultType.Null))
                    throw SqlErrors.At(call, $"time_bucket's second argument must be a TIMESTAMP, not {SqlErrors.TypeName(args[1].Type)}");
                return ResultType.Timestamp;
            case "now": Arity(0, 0); return ResultType.Timestamp;
            case "abs": Arity(1, 1); Numeric(0); return args[0].Type == ResultType.BigInt ? ResultType.BigInt : ResultType.Double;
            case "sign": Arity(1, 1); Numeric(0); return args[0].Type == ResultType.BigInt ? ResultType.BigInt : ResultType.Double;
            case "round": Arity(1, 2); Numeric(0); return args[0].Type == ResultType.BigInt && args.Count == 1 ? ResultType.BigInt : ResultType.Double;
            case "floor" or "ceil": Arity(1, 1); Numeric(0); return args[0].Type == ResultType.BigInt ? ResultType.BigInt : ResultType.Double;
            case "sqrt" or "exp" or "ln" or "log10": Arity(1, 1); Numeric(0); return ResultType.Double;
            case "log": Arity(1, 2); Numeric(0); return ResultType.Double;
            case "power": Arity(2, 2); Numeric(0); Numeric(1); return ResultType.Double;
            case "lower" or "upper" or "trim": Arity(1, 1); Text(0); return ResultType.VarChar;
            case "length": Arity(1, 1); Text(0); return ResultType.BigInt;
            case "substring": Arity(2, 3); Text(0); return ResultType.VarChar;
            case "concat": return ResultType.VarChar;
            case "coalesce" or "greatest" or "least" or "nullif":
            {
                if (name == "nullif") Arity(2, 2); else Arity(1, int.MaxValue);
                var t = ResultType.Null;
                foreach (var a in args) t = Binder.CommonType(t, a.Type, call, name);
                return t;
            }
            case "date_trunc":
                Arity(2, 2); Text(0);
                return ResultType.Timestamp;
            case "extract_epoch": Arity(1, 1); return ResultType.Double;
            case "to_timestamp": Arity(1, 1); return ResultType.Timestamp;
            default: throw SqlErrors.At(call, $"function {name} is not supported");
        }
    }

    /// <summary>Evaluates a scalar function over a batch.</summary>
    public static ColumnVector Evaluate(BoundFunction f, ColumnBatch batch)
    {
        int n = batch.RowCount;
        if (f.Name == "time_bucket") return TimeBucket(f, batch);
        if (f.Name == "now") return Vectors.Constant(TimeValues.Now(), ResultType.Timestamp, n);
        var args = f.Arguments.Select(a => ExpressionEvaluator.Evaluate(a, batch)).ToArray();
        var builder = new VectorBuilder(f.Type, n);
        var values = new object?[args.Length];
        for (int i = 0; i < n; i++)
        {
            bool anyNull = false;
            for (int a = 0; a < args.Length; a++)
            {
                values[a] = args[a].GetValue(i);
                anyNull |= values[a] is null;
            }
            if (anyNull && f.Name is not ("coalesce" or "concat" or "greatest" or "least" or "nullif")) { builder.AppendNull(); continue; }
            builder.AppendValue(Invoke(f, values, args));
        }
        return builder.Build();
    }

    private static ColumnVector TimeBucket(BoundFunction f, ColumnBatch batch)
    {
        if (f.Arguments[0] is BoundConstant { Value: CalendarWidth calendar }) return CalendarBucket(f, calendar, batch);
        int n = batch.RowCount;
        var width = ExpressionEvaluator.Evaluate(f.Arguments[0], batch);
        var time = ExpressionEvaluator.Evaluate(f.Arguments[1], batch);
        var origin = f.Arguments.Count > 2 ? ExpressionEvaluator.Evaluate(f.Arguments[2], batch) : null;
        var nulls = Vectors.NullsOf(time);
        var o = new long[n];
        var t = Vectors.AsLongs(time);
        for (int i = 0; i < n; i++)
        {
            if (nulls is not null && nulls[i]) continue;
            long w = width.Int64s![i];
            if (w <= 0) throw SqlErrors.At(f.Position, "time_bucket width must be positive");
            o[i] = TimeValues.Bucket(t[i], w, origin is null ? 0 : origin.Int64s![i]);
        }
        return new ColumnVector(ResultType.Timestamp, n, int64s: o, nulls: nulls);
    }

    /// <summary>
    /// <c>time_bucket</c> with a width in months (see <see cref="CalendarWidth"/>): the start of the calendar
    /// bucket holding each time, aligned to the origin's month (default 2000-01-01). Consecutive times in
    /// the same bucket reuse its bounds, so sorted input converts to a date once per bucket.
    /// </summary>
    private static ColumnVector CalendarBucket(BoundFunction f, CalendarWidth width, ColumnBatch batch)
    {
        int n = batch.RowCount;
        var time = ExpressionEvaluator.Evaluate(f.Arguments[1], batch);
        var origin = f.Arguments.Count > 2 ? ExpressionEvaluator.Evaluate(f.Arguments[2], batch) : null;
        var nulls = Vectors.NullsOf(time);
        var originNulls = origin is null ? null : Vectors.NullsOf(origin);
        var o = new long[n];
        var t = Vectors.AsLongs(time);
        long lo = long.MaxValue, hi = long.MinValue, currentOrigin = CalendarWidth.DefaultOrigin; // [lo, hi]: the current bucket
        for (int i = 0; i < n; i++)
        {
            if (nulls is not null && nulls[i]) continue;
            long org = CalendarWidth.DefaultOrigin;
            if (origin is not null)
            {
                if (originNulls is not null && originNulls[i])
                {
                    (nulls ??= new bool[n])[i] = true;
                    continue;
                }
                org = origin.Int64s![i];
            }
            if (org != currentOrigin)
            {
                if (!CalendarWidth.IsMonthStart(org))
                    throw SqlErrors.At(f.Position, $"the origin of a calendar bucket must be the start of a month (00:00:00 UTC on day 1), not {TimeValues.Format(org)}");
                currentOrigin = org;
                lo = long.MaxValue;
                hi = long.MinValue;
            }
            long ti = t[i];
            if (ti < lo || ti > hi)
            {
                long first = width.BucketMonth(ti, org);
                if (!CalendarWidth.TryMonthStart(first, out lo))
                    throw SqlErrors.At(f.Position, $"time_bucket: the {width} bucket of {TimeValues.Format(ti)} starts before 1677-09-21, the earliest timestamp");
                hi = CalendarWidth.TryMonthStart(first + width.Months, out long next) ? next - 1 : long.MaxValue;
            }
            o[i] = lo;
        }
        return new ColumnVector(ResultType.Timestamp, n, int64s: o, nulls: nulls);
    }

    private static object? Invoke(BoundFunction f, object?[] v, ColumnVector[] args)
    {
        static double D(object? x) => Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture);
        switch (f.Name)
        {
            case "abs": return v[0] is long l ? Math.Abs(l) : Math.Abs(D(v[0]));
            case "sign": return v[0] is long l2 ? (long)Math.Sign(l2) : (double)Math.Sign(D(v[0]));
            case "round":
                if (v.Length == 1) return v[0] is long l3 ? l3 : Math.Round(D(v[0]), MidpointRounding.AwayFromZero);
                return Math.Round(D(v[0]), (int)Convert.ToInt64(v[1], System.Globalization.CultureInfo.InvariantCulture), MidpointRounding.AwayFromZero);
            case "floor": return v[0] is long l4 ? l4 : Math.Floor(D(v[0]));
            case "ceil": return v[0] is long l5 ? l5 : Math.Ceiling(D(v[0]));
            case "sqrt": return Math.Sqrt(D(v[0]));
            case "exp": return Math.Exp(D(v[0]));
            case "ln": return Math.Log(D(v[0]));
            case "log10": return Math.Log10(D(v[0]));
            case "log": return v.Length == 1 ? Math.Log10(D(v[0])) : Math.Log(D(v[1])) / Math.Log(D(v[0]));
            case "power": return Math.Pow(D(v[0]), D(v[1]));
            case "lower": return ((string)v[0]!).ToLowerInvariant();
            case "upper": return ((string)v[0]!).ToUpperInvariant();
            case "trim": return ((string)v[0]!).Trim();
            case "length": return (long)((string)v[0]!).Length;
            case "substring":
            {
                var s = (string)v[0]!;
                long start = Convert.ToInt64(v[1], System.Globalization.CultureInfo.InvariantCulture) - 1;
                long len = v.Length > 2 ? Convert.ToInt64(v[2], System.Globalization.CultureInfo.InvariantCulture) : s.Length;
                long from = Math.Max(0, start), to = Math.Min(s.Length, start + len);
                return to <= from ? "" : s[(int)from..(int)to];
            }
            case "concat": return string.Concat(v.Select((x, i) => x is null ? "" : args[i].Type == ResultType.Timestamp ? TimeValues.Format((long)x) : ValueConverter.ToText(x)));
            case "coalesce":
                for (int i = 0; i < v.Length; i++) if (v[i] is not null) return Coerce(v[i], args[i].Type, f.Type);
                return null;
            case "nullif":
                if (v[0] is null) return null;
                if (v[1] is null) return Coerce(v[0], args[0].Type, f.Type);
                return Equals(Coerce(v[0], args[0].Type, f.Type), Coerce(v[1], args[1].Type, f.Type)) ? null : Coerce(v[0], args[0].Type, f.Type);
            case "greatest" or "least":
            {
                object? best = null;
                for (int i = 0; i < v.Length; i++)
                {
                    var x = Coerce(v[i], args[i].Type, f.Type);
                    if (x is null) continue;
                    if (best is null) { best = x; continue; }
                    int c = Comparer<object>.Default.Compare(x, best);
                    if (f.Name == "greatest" ? c > 0 : c < 0) best = x;
                }
                return best;
            }
            case "date_trunc": return DateTrunc(f, (string)v[0]!, (long)v[1]!);
            case "extract_epoch": return args[0].Type == ResultType.Timestamp ? (long)v[0]! / 1e9 : D(v[0]);
            case "to_timestamp": return v[0] is string s2 ? (TimeValues.TryParse(s2, out var ns) ? ns : throw SqlErrors.At(f.Position, $"'{s2}' is not an ISO-8601 timestamp")) : (long)(D(v[0]) * 1e9);
            default: throw SqlErrors.At(f.Position, $"function {f.Name} is not supported");
        }
    }

    private static object? Coerce(object? value, ResultType from, ResultType to) =>
        ValueConverter.TryConvert(value, from, to, out var r, out _) ? r : value;

    private static long DateTrunc(BoundFunction f, string unit, long ns)
    {
        var dt = DateTime.UnixEpoch.AddTicks(Math.DivRem(ns, 100, out _) - (ns % 100 < 0 ? 1 : 0));
        DateTime r = unit.ToLowerInvariant() switch
        {
            "second" => new DateTime(dt.Year, dt.Month, dt.Day, dt.Hour, dt.Minute, dt.Second, DateTimeKind.Utc),
            "minute" => new DateTime(dt.Year, dt.Month, dt.Day, dt.Hour, dt.Minute, 0, DateTimeKind.Utc),
            "hour" => new DateTime(dt.Year, dt.Month, dt.Day, dt.Hour, 0, 0, DateTimeKind.Utc),
            "day" => new DateTime(dt.Year, dt.Month, dt.Day, 0, 0, 0, DateTimeKind.Utc),
            "week" => new DateTime(dt.Year, dt.Month, dt.Day, 0, 0, 0, DateTimeKind.Utc).AddDays(-(((int)dt.DayOfWeek + 6) % 7)),
            "month" => new DateTime(dt.Year, dt.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            "quarter" => new DateTime(dt.Year, (dt.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc),
            "year" => new DateTime(dt.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => throw SqlErrors.At(f.Position, $"date_trunc unit '{unit}' is not one of second, minute, hour, day, week, month, quarter, year"),
        };
        return TimeValues.FromDateTime(r);
    }
}
