namespace Chronicle.Sql.Syntax;

/// <summary>
/// <c>SELECT [DISTINCT] items [FROM t] [WHERE] [GROUP BY] [SAMPLE BY] [HAVING] [ORDER BY] [LIMIT] [OFFSET]</c>.
/// <c>SAMPLE BY d</c> means "group by time_bucket(d, time)" in addition to <see cref="GroupBy"/>.
/// </summary>
/// <param name="Distinct">True for SELECT DISTINCT.</param>
/// <param name="Items">The select list (at least one item).</param>
/// <param name="From">The table, or null for <c>SELECT now()</c>.</param>
/// <param name="Where">The filter, or null.</param>
/// <param name="GroupBy">Grouping keys (empty when absent).</param>
/// <param name="SampleBy">The SAMPLE BY bucket width (duration, interval, string or parameter), or null.</param>
/// <param name="Having">The group filter, or null.</param>
/// <param name="OrderBy">Sort keys (empty when absent).</param>
/// <param name="Limit">The LIMIT expression (integer literal or parameter), or null.</param>
/// <param name="Offset">The OFFSET expression (integer literal or parameter), or null.</param>
public sealed record SelectStatement(
    bool Distinct,
    IReadOnlyList<SelectItem> Items,
    TableReference? From,
    Expression? Where,
    IReadOnlyList<Expression> GroupBy,
    Expression? SampleBy,
    Expression? Having,
    IReadOnlyList<OrderItem> OrderBy,
    Expression? Limit,
    Expression? Offset) : Statement;
