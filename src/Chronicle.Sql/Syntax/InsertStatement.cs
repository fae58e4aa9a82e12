namespace Chronicle.Sql.Syntax;

/// <summary>
/// <c>INSERT INTO name [(columns)] VALUES (row), (row)...</c>. Without a column list the rows give
/// all columns in declared order. The parser does not check row widths against the table; it does
/// check that all rows have the same width as the column list (or as the first row).
/// </summary>
/// <param name="Table">The table name.</param>
/// <param name="Columns">The column list, or null when omitted.</param>
/// <param name="Rows">The rows of values (literals, parameters or constant expressions).</param>
public sealed record InsertStatement(
    string Table,
    IReadOnlyList<string>? Columns,
    IReadOnlyList<IReadOnlyList<Expression>> Rows) : Statement;
