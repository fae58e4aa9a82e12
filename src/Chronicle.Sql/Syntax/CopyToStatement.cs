namespace Chronicle.Sql.Syntax;

/// <summary>
/// <c>COPY (select) TO 'path' [(FORMAT ARROW|CSV)]</c>, or <c>COPY table TO ...</c> which the parser
/// turns into <c>SELECT * FROM table</c>. The default format is ARROW.
/// </summary>
/// <param name="Query">The rows to export.</param>
/// <param name="Path">The destination file path.</param>
/// <param name="Format">The file format.</param>
public sealed record CopyToStatement(SelectStatement Query, string Path, CopyFormat Format) : Statement;
