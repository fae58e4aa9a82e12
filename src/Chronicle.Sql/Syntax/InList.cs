namespace Chronicle.Sql.Syntax;

/// <summary>
/// <c>Value [NOT] IN (Items...)</c>. <c>IN @p</c> (a bare parameter, no parentheses) gives a single
/// <see cref="Parameter"/> item and <see cref="BareParameter"/> = true: the binder expands a list value
/// bound to it. Dapper rewrites <c>IN @ids</c> into <c>IN (@ids1, @ids2, ...)</c> before sending.
/// </summary>
/// <param name="Value">The tested value.</param>
/// <param name="Items">The candidate values (at least one).</param>
/// <param name="Negated">True for NOT IN.</param>
/// <param name="BareParameter">True when written <c>IN @p</c> without parentheses.</param>
public sealed record InList(Expression Value, IReadOnlyList<Expression> Items, bool Negated = false, bool BareParameter = false) : Expression;
