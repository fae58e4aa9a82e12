namespace Chronicle.Sql.Syntax;

/// <summary>One ORDER BY key.</summary>
/// <param name="Expression">The sort key (a column, an alias, an ordinal integer literal or any expression).</param>
/// <param name="Descending">True for DESC; ASC is the default.</param>
/// <param name="NullsFirst">True for NULLS FIRST, false for NULLS LAST, null when unspecified (nulls sort last ascending, first descending, as in PostgreSQL).</param>
public sealed record OrderItem(Expression Expression, bool Descending = false, bool? NullsFirst = null) : SyntaxNode;
