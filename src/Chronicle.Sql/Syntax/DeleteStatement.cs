namespace Chronicle.Sql.Syntax;

/// <summary><c>DELETE FROM name [WHERE condition]</c>; without WHERE every row is deleted.</summary>
/// <param name="Table">The table name.</param>
/// <param name="Where">The condition, or null.</param>
public sealed record DeleteStatement(string Table, Expression? Where) : Statement;
