namespace Chronicle.Sql.Syntax;

/// <summary>
/// A reference to a column, optionally qualified by a table name or alias (<c>cpu.host</c>).
/// Unquoted names are lower-cased by the parser; quoted names keep their case.
/// </summary>
/// <param name="Name">The column name (normalized).</param>
/// <param name="Table">The qualifier, or null when unqualified.</param>
public sealed record ColumnRef(string Name, string? Table = null) : Expression;
