using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;
using Chronicle.Storage.Reading;

namespace Chronicle.Sql.Planning;

/// <summary>
/// Splits a bound WHERE clause (over a <see cref="ScanScope"/>) into what the storage read can do:
/// the AND-ed comparisons of <c>time</c> with constants become one inclusive nanosecond range;
/// AND-ed tag predicates (=, !=, IN, NOT IN, LIKE, NOT LIKE, IS [NOT] NULL) with constants become
/// <see cref="TagMatcher"/>s; everything else (OR, field comparisons, arithmetic) stays a row filter.
/// SQL's NULL semantics are kept: <c>host != 'a'</c> does not match rows without a host, so the
/// negative matchers also exclude the empty value (a missing tag).
/// </summary>
internal sealed class PredicateAnalysis
{
    /// <summary>Inclusive lower bound, nanoseconds.</summary>
    public long MinTime { get; private set; } = long.MinValue;

    /// <summary>Inclusive upper bound, nanoseconds.</summary>
    public long MaxTime { get; private set; } = long.MaxValue;

    /// <summary>True when the predicates can match nothing (an empty time range or a NULL comparison).</summary>
    public bool Empty => MinTime > MaxTime;

    /// <summary>Tag matchers, all of which must hold.</summary>
    public List<TagMatcher> Matchers { get; } = [];

    /// <summary>Human-readable forms of the pushed-down predicates, for EXPLAIN.</summary>
    public List<string> PushedDown { get; } = [];

    /// <summary>The remaining row filter, or null.</summary>
    public BoundExpr? Residual { get; private set; }

    /// <summary>Analyzes <paramref name="where"/> (may be null); without a table (<paramref name="scan"/> null) everything but constants stays a row filter.</summary>
    public static PredicateAnalysis Analyze(BoundExpr? where, ScanScope? scan)
    {
        var a = new PredicateAnalysis();
        if (where is null) return a;
        var residual = new List<BoundExpr>();
        foreach (var c in Conjuncts(where))
        {
            if (scan is not null && a.TryTime(c, scan.TimeIndex)) continue;
            if (scan is not null && a.TryTag(c, scan)) continue;
            if (c is BoundConstant { Value: true }) continue;
            if (c is BoundConstant { Value: false or null }) { a.MinTime = 1; a.MaxTime = 0; continue; }
            residual.Add(c);
        }
        a.Residual = residual.Count == 0 ? null : residual.Aggregate((x, y) => new BoundBinary(BinaryOperator.And, x, y, ResultType.Boolean));
        return a;
    }

    private static IEnumerable<BoundExpr> Conjuncts(BoundExpr e)
    {
        if (e is BoundBinary { Operator: BinaryOperator.And } b)
        {
            foreach (var x in Conjuncts(b.Left)) yield return x;
            foreach (var x in Conjuncts(b.Right)) yield return x;
        }
        else yield return e;
    }

    private static BinaryOperator Mirror(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };

    private bool TryTime(BoundExpr c, int timeIndex)
    {
        if (c is not BoundBinary b || b.Operator is BinaryOperator.NotEqual) return false;
        BinaryOperator op;
        BoundConstant k;
        if (b.Left is BoundColumn lc && lc.Index == timeIndex && b.Right is BoundConstant rk) { op = b.Operator; k = rk; }
        else if (b.Right is BoundColumn rc && rc.Index == timeIndex && b.Left is BoundConstant lk) { op = Mirror(b.Operator); k = lk; }
        else return false;
        if (op is not (BinaryOperator.Equal or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual)) return false;
        if (k.Value is null) { MinTime = 1; MaxTime = 0; return true; }
        double d = Convert.ToDouble(k.Value, System.Globalization.CultureInfo.InvariantCulture);
        long v = k.Value is long l ? l : 0;
        bool exact = k.Value is long;
        long Floor() => exact ? v : (long)Math.Floor(d);
        long Ceil() => exact ? v : (long)Math.Ceiling(d);
        switch (op)
        {
            case BinaryOperator.Equal:
                if (!exact && d != Math.Floor(d)) { MinTime = 1; MaxTime = 0; break; }
                MinTime = Math.Max(MinTime, Floor()); MaxTime = Math.Min(MaxTime, Floor()); break;
            case BinaryOperator.Greater: { long f = Floor(); MinTime = Math.Max(MinTime, f == long.MaxValue ? f : f + 1); if (f == long.MaxValue) { MinTime = 1; MaxTime = 0; } break; }
            case BinaryOperator.GreaterOrEqual: MinTime = Math.Max(MinTime, Ceil()); break;
            case BinaryOperator.Less: { long f = Ceil(); if (f == long.MinValue) { MinTime = 1; MaxTime = 0; } else MaxTime = Math.Min(MaxTime, f - 1); break; }
            default: MaxTime = Math.Min(MaxTime, Floor()); break;
        }
        PushedDown.Add("time: " + Describe(b));
        return true;
    }

    private static string Describe(BoundBinary b)
    {
        static string Side(BoundExpr e) => e switch
        {
            BoundColumn c => c.Name,
            BoundConstant { Value: long l, Type: ResultType.Timestamp } => TimeValues.Format(l),
            BoundConstant k => k.Value?.ToString() ?? "NULL",
            _ => "?",
        };
        return $"{Side(b.Left)} {SqlFormatter.OperatorText(b.Operator)} {Side(b.Right)}";
    }

    private bool TryTag(BoundExpr c, ScanScope scan)
    {
        bool IsTag(BoundExpr e, out string name)
        {
            name = "";
            if (e is BoundColumn col && scan.Columns[col.Index].IsTag) { name = col.Name; return true; }
            return false;
        }
        switch (c)
        {
            case BoundBinary { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual } b:
            {
                string tag;
                BoundConstant? k;
                if (IsTag(b.Left, out tag) && b.Right is BoundConstant rk) k = rk;
                else if (IsTag(b.Right, out tag) && b.Left is BoundConstant lk) k = lk;
                else return false;
                if (k.Value is not string s) { if (k.Value is null) { MinTime = 1; MaxTime = 0; return true; } return false; }
                if (b.Operator == BinaryOperator.Equal) Add(new TagMatcher(tag, TagMatchKind.In, [s]), $"{tag} = '{s}'");
                else Add(new TagMatcher(tag, TagMatchKind.NotIn, [s, ""]), $"{tag} != '{s}'");
                return true;
            }
            case BoundInList inList when IsTag(inList.Value, out var tag):
            {
                var values = new List<string>();
                foreach (var item in inList.Items)
                {
                    if (item is not BoundConstant { Value: string s }) return false;
                    values.Add(s);
                }
                if (inList.Negated) values.Add("");
                var text = string.Join(", ", values.Where(v => v.Length > 0).Select(v => $"'{v}'"));
                Add(new TagMatcher(tag, inList.Negated ? TagMatchKind.NotIn : TagMatchKind.In, values), $"{tag} {(inList.Negated ? "NOT IN" : "IN")} ({text})");
                return true;
            }
            case BoundLike { IgnoreCase: false, Pattern: BoundConstant { Value: string p } } like when IsTag(like.Value, out var tag):
                Add(new TagMatcher(tag, like.Negated ? TagMatchKind.NotLike : TagMatchKind.Like, [p]), $"{tag} {(like.Negated ? "NOT LIKE" : "LIKE")} '{p}'");
                Matchers.Add(new TagMatcher(tag, TagMatchKind.NotIn, [""]));
                return true;
            case BoundIsNull isNull when IsTag(isNull.Value, out var tag):
                Add(new TagMatcher(tag, isNull.Negated ? TagMatchKind.NotIn : TagMatchKind.In, [""]), $"{tag} IS {(isNull.Negated ? "NOT " : "")}NULL");
                return true;
            default:
                return false;
        }
    }

    private void Add(TagMatcher m, string text)
    {
        Matchers.Add(m);
        PushedDown.Add("tag: " + text);
    }
}
