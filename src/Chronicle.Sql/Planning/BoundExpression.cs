using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Planning;

/// <summary>
/// A bound (resolved and typed) scalar expression: column references are indexes into the input
/// batch, constants are folded, parameters are substituted. Evaluated column-wise by
/// <see cref="Execution.ExpressionEvaluator"/>.
/// </summary>
/// <param name="Type">The value type of the expression.</param>
internal abstract record BoundExpr(ResultType Type)
{
    /// <summary>Where the expression starts in the SQL text (for runtime errors).</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>Column <paramref name="Index"/> of the input batch.</summary>
internal sealed record BoundColumn(int Index, ResultType Type, string Name) : BoundExpr(Type);

/// <summary>A constant: long (BigInt, Timestamp ns), double, bool, string, or null.</summary>
internal sealed record BoundConstant(object? Value, ResultType Type) : BoundExpr(Type);

/// <summary>Arithmetic, comparison, logical or concatenation; operands already coerced.</summary>
internal sealed record BoundBinary(BinaryOperator Operator, BoundExpr Left, BoundExpr Right, ResultType Type) : BoundExpr(Type);

/// <summary>Negation, plus, or NOT.</summary>
internal sealed record BoundUnary(UnaryOperator Operator, BoundExpr Operand, ResultType Type) : BoundExpr(Type);

/// <summary><c>x IS [NOT] NULL</c>.</summary>
internal sealed record BoundIsNull(BoundExpr Value, bool Negated) : BoundExpr(ResultType.Boolean);

/// <summary><c>x [NOT] IN (items)</c>; items are constants or expressions of a comparable type.</summary>
internal sealed record BoundInList(BoundExpr Value, IReadOnlyList<BoundExpr> Items, bool Negated) : BoundExpr(ResultType.Boolean);

/// <summary><c>x [NOT] [I]LIKE pattern</c>.</summary>
internal sealed record BoundLike(BoundExpr Value, BoundExpr Pattern, bool Negated, bool IgnoreCase) : BoundExpr(ResultType.Boolean);

/// <summary>A conversion to <see cref="BoundExpr.Type"/>.</summary>
internal sealed record BoundCast(BoundExpr Value, ResultType Type) : BoundExpr(Type);

/// <summary>A scalar function by canonical name (see <see cref="KnownFunctions"/>).</summary>
internal sealed record BoundFunction(string Name, IReadOnlyList<BoundExpr> Arguments, ResultType Type) : BoundExpr(Type);

/// <summary>Helpers over bound trees.</summary>
internal static class BoundExprExtensions
{
    /// <summary>Every node of the tree, depth first.</summary>
    public static IEnumerable<BoundExpr> Descendants(this BoundExpr e)
    {
        yield return e;
        IEnumerable<BoundExpr> children = e switch
        {
            BoundBinary b => [b.Left, b.Right],
            BoundUnary u => [u.Operand],
            BoundIsNull n => [n.Value],
            BoundInList l => [l.Value, .. l.Items],
            BoundLike l => [l.Value, l.Pattern],
            BoundCast c => [c.Value],
            BoundFunction f => f.Arguments,
            _ => [],
        };
        foreach (var c in children)
            foreach (var d in c.Descendants()) yield return d;
    }

    /// <summary>True when the tree references no input column (so it can be folded).</summary>
    public static bool IsConstant(this BoundExpr e) => !e.Descendants().Any(d => d is BoundColumn);
}
