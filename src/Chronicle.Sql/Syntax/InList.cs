namespace Chronicle.Sql.Syntax;

/// <summary>
/// <c>Value [NOT] IN (Items...)</c>. <c>IN @p</c> (a bare parameter, no parentheses) gives a single
/// <see cref="Parameter"/> item and <see cref="BareParameter"/> = true: the binder expands a list value
/// bound to it. Dapper rewrites <c>IN @ids</c> into <c>IN (@ids1, @ids2, ...)</c> before sending, and
/// an empty list into <c>IN (SELECT @ids WHERE 1 = 0)</c>, which parses to no items (IN is then false,
/// NOT IN true).
/// </summary>
/// <param name="Value">The tested value.</param>
/// <param name="Items">The candidate values (empty only for Dapper's empty-list form).</param>
/// <param name="Negated">True for NOT IN.</param>
/// <param name="BareParameter">True when written <c>IN @p</c> without parentheses.</param>
public sealed record InList(Expression Value, IReadOnlyList<Expression> Items, bool Negated = false, bool BareParameter = false) : Expression;
