namespace Chronicle.Sql.Syntax;

/// <summary><c>DROP TABLE [IF EXISTS] name</c>.</summary>
/// <param name="Table">The table name.</param>
/// <param name="IfExists">True when IF EXISTS was given.</param>
public sealed record DropTableStatement(string Table, bool IfExists) : Statement;
