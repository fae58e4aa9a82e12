namespace Chronicle.Sql.Syntax;

/// <summary>
/// A function call <c>name([DISTINCT] args)</c> or <c>name(*)</c>, with the ordered-set form
/// <c>percentile_cont(0.9) WITHIN GROUP (ORDER BY x)</c> kept as written: arguments <c>[0.9]</c>,
/// <see cref="WithinGroup"/> <c>[x]</c>. The parser accepts any name; the binder checks it against
/// <see cref="KnownFunctions"/> and resolves aliases (<c>date_bin</c> = <c>time_bucket</c>).
/// </summary>
/// <param name="Name">The function name, lower-cased (quoted names keep case).</param>
/// <param name="Arguments">The arguments (empty for <c>f()</c> and <c>f(*)</c>).</param>
/// <param name="Star">True for <c>f(*)</c>.</param>
/// <param name="Distinct">True for <c>f(DISTINCT x)</c>.</param>
/// <param name="WithinGroup">The ORDER BY of WITHIN GROUP, or null when absent.</param>
public sealed record FunctionCall(
    string Name,
    IReadOnlyList<Expression> Arguments,
    bool Star = false,
    bool Distinct = false,
    IReadOnlyList<OrderItem>? WithinGroup = null) : Expression;
