namespace Chronicle.Sql.Syntax;

/// <summary><c>CREATE TABLE [IF NOT EXISTS] name (columns) [WITH (options)]</c>.</summary>
/// <param name="Table">The table name.</param>
/// <param name="IfNotExists">True when IF NOT EXISTS was given.</param>
/// <param name="Columns">The columns in declared order.</param>
/// <param name="Options">The WITH options (empty when absent).</param>
public sealed record CreateTableStatement(
    string Table,
    bool IfNotExists,
    IReadOnlyList<ColumnDefinition> Columns,
    IReadOnlyList<TableOption> Options) : Statement;
