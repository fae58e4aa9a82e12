using System.Collections;
using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Planning;

/// <summary>
/// Resolves and types expressions: column names through a scope, parameters to constants, ISO-8601
/// strings compared with timestamps to nanoseconds, durations and intervals to BIGINT nanoseconds;
/// folds constant sub-trees (so <c>now() - INTERVAL '1 hour'</c> is one constant per statement).
/// </summary>
internal sealed class Binder(SqlParameters parameters, long now)
{
    /// <summary>The statement's start time, the value of now() everywhere in it.</summary>
    public long Now { get; } = now;

    /// <summary>
    /// Whether something bound so far depends on this execution rather than on the text alone: a
    /// parameter's value or now(). A plan bound without either may be reused (<see cref="Execution.PlanCache"/>).
    /// </summary>
    public bool UsedExecutionValues { get; private set; }

    /// <summary>Binds <paramref name="e"/> in <paramref name="scope"/>.</summary>
    /// <exception cref="ChronicleSqlException">Unknown names, type errors, missing parameters.</exception>
    public BoundExpr Bind(Expression e, IBindScope scope)
    {
        var whole = scope.TryResolveWhole(e);
        if (whole is not null) return whole;
        var bound = BindCore(e, scope) with { Position = e.Position };
        if (bound is not BoundConstant && bound is not BoundColumn && bound.IsConstant())
            return new BoundConstant(ExpressionEvaluator.EvaluateConstant(bound), bound.Type) { Position = e.Position };
        return bound;
    }

    private BoundExpr BindCore(Expression e, IBindScope scope)
    {
        switch (e)
        {
            case Literal l:
                return l.Kind switch
                {
                    LiteralKind.Integer => new BoundConstant((long)l.Value!, ResultType.BigInt),
                    LiteralKind.Decimal => new BoundConstant((double)l.Value!, ResultType.Double),
                    LiteralKind.String => new BoundConstant((string)l.Value!, ResultType.VarChar),
                    LiteralKind.Boolean => new BoundConstant((bool)l.Value!, ResultType.Boolean),
                    _ => new BoundConstant(null, ResultType.Null),
                };
            case DurationLiteral d: return new BoundConstant(d.Nanoseconds, ResultType.BigInt);
            case IntervalLiteral i: return new BoundConstant(i.Nanoseconds, ResultType.BigInt);
            case TimestampLiteral t:
                if (!TimeValues.TryParse(t.Text, out var ts)) throw SqlErrors.At(t.Position, $"'{t.Text}' is not an ISO-8601 timestamp");
                return new BoundConstant(ts, ResultType.Timestamp);
            case Parameter p:
            {
                var value = ParameterValue(p);
                if (value is IEnumerable and not string) throw SqlErrors.At(p.Position, $"parameter {p.Text} holds a list; a list is allowed only in IN {p.Text}");
                return Clr(value, p);
            }
            case ColumnRef c: return scope.ResolveColumn(c);
            case Binary b: return BindBinary(b, scope);
            case Unary u:
            {
                var operand = Bind(u.Operand, scope);
                if (u.Operator == UnaryOperator.Not)
                {
                    RequireBoolean(operand, u.Operand, "NOT");
                    return new BoundUnary(u.Operator, operand, ResultType.Boolean);
                }
                if (operand.Type is not (ResultType.Double or ResultType.BigInt or ResultType.Null))
                    throw SqlErrors.At(u.Position, $"operator - cannot be applied to {SqlErrors.TypeName(operand.Type)}");
                return new BoundUnary(u.Operator, operand, operand.Type);
            }
            case Between bt:
            {
                var low = new Binary(BinaryOperator.GreaterOrEqual, bt.Value, bt.Low) { Position = bt.Position };
                var high = new Binary(BinaryOperator.LessOrEqual, bt.Value, bt.High) { Position = bt.Position };
                var both = new BoundBinary(BinaryOperator.And, Bind(low, scope), Bind(high, scope), ResultType.Boolean) { Position = bt.Position };
                return bt.Negated ? new BoundUnary(UnaryOperator.Not, both, ResultType.Boolean) : both;
            }
            case InList inList:
            {
                var value = Bind(inList.Value, scope);
                var items = new List<BoundExpr>();
                if (inList.BareParameter && inList.Items[0] is Parameter bp && ParameterValue(bp) is IEnumerable list and not string)
                {
                    foreach (var item in list) items.Add(Clr(item, bp));
                    if (items.Count == 0) return new BoundConstant(inList.Negated, ResultType.Boolean);
                }
                else
                {
                    foreach (var item in inList.Items) items.Add(Bind(item, scope));
                }
                for (int i = 0; i < items.Count; i++) items[i] = Coerce(value, items[i], inList.Items[Math.Min(i, inList.Items.Count - 1)], "IN");
                return new BoundInList(value, items, inList.Negated);
            }
            case Like like:
            {
                var value = Bind(like.Value, scope);
                var pattern = Bind(like.Pattern, scope);
                if (value.Type is not (ResultType.VarChar or ResultType.Null) || pattern.Type is not (ResultType.VarChar or ResultType.Null))
                    throw SqlErrors.At(like.Position, $"LIKE needs VARCHAR operands, not {SqlErrors.TypeName(value.Type)} and {SqlErrors.TypeName(pattern.Type)}");
                return new BoundLike(value, pattern, like.Negated, like.IgnoreCase);
            }
            case IsNull isNull: return new BoundIsNull(Bind(isNull.Value, scope), isNull.Negated);
            case Cast cast:
            {
                var value = Bind(cast.Value, scope);
                if (cast.TargetType == SqlType.Interval)
                {
                    if (value is BoundConstant { Value: string s })
                        return TimeValues.TryParseDuration(s, out var ns) ? new BoundConstant(ns, ResultType.BigInt) : throw SqlErrors.At(cast.Position, $"'{s}' is not an interval");
                    return new BoundCast(value, ResultType.BigInt);
                }
                return new BoundCast(value, ToResultType(cast.TargetType));
            }
            case FunctionCall f: return BindFunction(f, scope);
            default: throw SqlErrors.At(e.Position, $"unsupported expression {e.GetType().Name}");
        }
    }

    /// <summary>The value of a parameter, or an error naming it.</summary>
    public object? ParameterValue(Parameter p)
    {
        UsedExecutionValues = true;
        if (p.Name is not null && parameters.TryGet(p.Name, out var v)) return v;
        if (p.Ordinal is { } o && parameters.TryGet(o, out v)) return v;
        if (p.Ordinal is { } o2 && parameters.TryGet(o2.ToString(System.Globalization.CultureInfo.InvariantCulture), out v)) return v;
        throw SqlErrors.At(p.Position, $"parameter {p.Text} has no value");
    }

    private static BoundConstant Clr(object? value, Parameter p)
    {
        try
        {
            var (v, t) = ValueConverter.FromClr(value);
            return new BoundConstant(v, t) { Position = p.Position };
        }
        catch (ArgumentException ex)
        {
            throw SqlErrors.At(p.Position, $"parameter {p.Text}: {ex.Message}");
        }
    }

    /// <summary>The SQL type of a CAST target or column definition.</summary>
    public static ResultType ToResultType(SqlType t) => t switch
    {
        SqlType.Timestamp => ResultType.Timestamp,
        SqlType.Double => ResultType.Double,
        SqlType.BigInt => ResultType.BigInt,
        SqlType.Boolean => ResultType.Boolean,
        SqlType.Varchar => ResultType.VarChar,
        _ => ResultType.BigInt,
    };

    private static void RequireBoolean(BoundExpr e, Expression syntax, string what)
    {
        if (e.Type is not (ResultType.Boolean or ResultType.Null))
            throw SqlErrors.At(syntax.Position, $"argument of {what} must be BOOLEAN, not {SqlErrors.TypeName(e.Type)}");
    }

    private BoundExpr BindBinary(Binary b, IBindScope scope)
    {
        var l = Bind(b.Left, scope);
        var r = Bind(b.Right, scope);
        string op = SqlFormatter.OperatorText(b.Operator);
        switch (b.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                RequireBoolean(l, b.Left, op);
                RequireBoolean(r, b.Right, op);
                return new BoundBinary(b.Operator, l, r, ResultType.Boolean);
            case BinaryOperator.Concat:
                return new BoundBinary(b.Operator, l, r, ResultType.VarChar);
            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo:
            {
                if (l is BoundConstant { Value: string ls } && r.Type == ResultType.BigInt && TimeValues.TryParse(ls, out var lns)) l = new BoundConstant(lns, ResultType.Timestamp);
                var (lt, rt) = (l.Type, r.Type);
                ResultType type;
                if (lt == ResultType.Null || rt == ResultType.Null) type = lt == ResultType.Null ? (rt == ResultType.Null ? ResultType.BigInt : rt) : lt;
                else if (lt == ResultType.Timestamp && rt == ResultType.BigInt && b.Operator is BinaryOperator.Add or BinaryOperator.Subtract) type = ResultType.Timestamp;
                else if (lt == ResultType.BigInt && rt == ResultType.Timestamp && b.Operator == BinaryOperator.Add) type = ResultType.Timestamp;
                else if (lt == ResultType.Timestamp && rt == ResultType.Timestamp && b.Operator == BinaryOperator.Subtract) type = ResultType.BigInt;
                else if (lt == ResultType.Timestamp && rt == ResultType.VarChar && r is BoundConstant { Value: string s } && TimeValues.TryParseDuration(s, out var ns) && b.Operator is BinaryOperator.Add or BinaryOperator.Subtract)
                {
                    r = new BoundConstant(ns, ResultType.BigInt);
                    type = ResultType.Timestamp;
                }
                else if (lt is ResultType.Double or ResultType.BigInt && rt is ResultType.Double or ResultType.BigInt)
                    type = lt == ResultType.Double || rt == ResultType.Double ? ResultType.Double : ResultType.BigInt;
                else throw SqlErrors.At(b.Position, $"operator {op} cannot be applied to {SqlErrors.TypeName(lt)} and {SqlErrors.TypeName(rt)}");
                if (type == ResultType.Null) type = ResultType.BigInt;
                return new BoundBinary(b.Operator, l, r, type);
            }
            default:
            {
                if (r.Type == ResultType.Timestamp && l is BoundConstant { Value: string }) l = Coerce(r, l, b.Left, op);
                else r = Coerce(l, r, b.Right, op);
                l = Coerce(r, l, b.Left, op);
                return new BoundBinary(b.Operator, l, r, ResultType.Boolean);
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="other"/> comparable with <paramref name="anchor"/>: a VARCHAR constant
    /// next to a TIMESTAMP is parsed as ISO-8601; incompatible types are an error.
    /// </summary>
    private static BoundExpr Coerce(BoundExpr anchor, BoundExpr other, Expression otherSyntax, string op)
    {
        if (anchor.Type == ResultType.Timestamp && other is BoundConstant { Value: string s })
        {
            if (!TimeValues.TryParse(s, out var ns)) throw SqlErrors.At(otherSyntax.Position, $"'{s}' is not an ISO-8601 timestamp");
            return new BoundConstant(ns, ResultType.Timestamp) { Position = other.Position };
        }
        if (Comparable(anchor.Type, other.Type)) return other;
        throw SqlErrors.At(otherSyntax.Position.Line > 0 ? otherSyntax.Position : anchor.Position,
            $"cannot compare {SqlErrors.TypeName(anchor.Type)} with {SqlErrors.TypeName(other.Type)} ({op})");
    }

    private static bool Comparable(ResultType a, ResultType b)
    {
        if (a == b || a == ResultType.Null || b == ResultType.Null) return true;
        static bool Num(ResultType t) => t is ResultType.Double or ResultType.BigInt or ResultType.Timestamp;
        return Num(a) && Num(b);
    }

    /// <summary>The common type of two values in coalesce / greatest / least; numeric types widen to DOUBLE.</summary>
    public static ResultType CommonType(ResultType a, ResultType b, SourcePosition p, string what)
    {
        if (a == ResultType.Null) return b;
        if (b == ResultType.Null || a == b) return a;
        if (a is ResultType.Double or ResultType.BigInt && b is ResultType.Double or ResultType.BigInt) return ResultType.Double;
        throw SqlErrors.At(p, $"{what} cannot mix {SqlErrors.TypeName(a)} and {SqlErrors.TypeName(b)}");
    }

    private BoundExpr BindFunction(FunctionCall f, IBindScope scope)
    {
        var name = KnownFunctions.Canonical(f.Name);
        if (KnownFunctions.IsAggregate(f.Name))
        {
            if (scope.NoAggregatesClause is { } clause) throw SqlErrors.At(f.Position, $"aggregate functions are not allowed in {clause}");
            throw SqlErrors.At(f.Position, $"aggregate {f.Name} cannot be used here");
        }
        if (!KnownFunctions.All.Contains(f.Name))
            throw SqlErrors.At(f.Position, $"function '{f.Name}' does not exist{SqlErrors.Suggest(f.Name, KnownFunctions.All)}");
        if (name == "now")
        {
            if (f.Arguments.Count != 0) throw SqlErrors.At(f.Position, "function now takes no arguments");
            UsedExecutionValues = true;
            return new BoundConstant(Now, ResultType.Timestamp);
        }
        var args = f.Arguments.Select(a => Bind(a, scope)).ToList();
        if (name == "time_bucket")
        {
            if (args.Count is < 2 or > 3) throw SqlErrors.At(f.Position, $"time_bucket takes 2 or 3 arguments (width, time [, origin]), not {args.Count}");
            args[0] = Width(args[0], f.Arguments[0]);
            if (args.Count > 2 && args[2] is BoundConstant { Value: string o })
                args[2] = TimeValues.TryParse(o, out var ons) ? new BoundConstant(ons, ResultType.Timestamp) : throw SqlErrors.At(f.Arguments[2].Position, $"'{o}' is not an ISO-8601 timestamp");
            if (args[0] is BoundConstant { Value: CalendarWidth } && args.Count > 2 && args[2] is BoundConstant { Value: long origin } && !CalendarWidth.IsMonthStart(origin))
                throw SqlErrors.At(f.Arguments[2].Position, $"the origin of a calendar bucket must be the start of a month (00:00:00 UTC on day 1), not {TimeValues.Format(origin)}");
        }
        var type = ScalarFunctions.ReturnType(name, args, f.Position);
        return new BoundFunction(name, args, type);
    }

    /// <summary>
    /// A bucket width: a duration, an interval, a string such as <c>'5m'</c> or <c>'5 minutes'</c>, or integer
    /// nanoseconds; must be a positive constant. A width in months or years (<c>'1 month'</c>, <c>1mo</c>,
    /// <c>INTERVAL '1 year'</c>) becomes a constant holding a <see cref="CalendarWidth"/>; one mixing them
    /// with fixed units (<c>'1 month 2 days'</c>) is refused.
    /// </summary>
    public static BoundExpr Width(BoundExpr width, Expression syntax)
    {
        var text = syntax switch
        {
            DurationLiteral d => d.Text,
            IntervalLiteral i => i.Text,
            _ => (width as BoundConstant)?.Value as string,
        };
        if (text is not null)
        {
            switch (CalendarWidth.TryParse(text, out var calendar, out var error))
            {
                case CalendarWidth.Kind.Calendar: return new BoundConstant(calendar, ResultType.BigInt) { Position = syntax.Position };
                case CalendarWidth.Kind.Invalid: throw SqlErrors.At(syntax.Position, error!);
            }
        }
        if (width is BoundConstant { Value: string s })
        {
            if (!TimeValues.TryParseDuration(s, out var ns)) throw SqlErrors.At(syntax.Position, $"'{s}' is not a duration (e.g. '5m', '1 hour')");
            width = new BoundConstant(ns, ResultType.BigInt);
        }
        if (width is not BoundConstant { Value: long w } || w <= 0)
            throw SqlErrors.At(syntax.Position, "the bucket width must be a positive duration such as 5m or INTERVAL '5 minutes'");
        return width;
    }
}
