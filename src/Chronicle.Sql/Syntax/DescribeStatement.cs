namespace Chronicle.Sql.Syntax;

/// <summary><c>DESCRIBE name</c> or <c>SHOW COLUMNS FROM name</c>: list a table's columns.</summary>
/// <param name="Table">The table name.</param>
public sealed record DescribeStatement(string Table) : Statement;
