namespace Chronicle.Sql.Syntax;

/// <summary><c>SHOW TABLES</c>.</summary>
public sealed record ShowTablesStatement : Statement;
