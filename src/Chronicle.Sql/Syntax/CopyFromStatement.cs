namespace Chronicle.Sql.Syntax;

/// <summary><c>COPY table FROM 'path' [(FORMAT ARROW|CSV)]</c>: import rows into an existing table. The default format is ARROW.</summary>
/// <param name="Table">The destination table.</param>
/// <param name="Path">The source file path.</param>
/// <param name="Format">The file format.</param>
public sealed record CopyFromStatement(string Table, string Path, CopyFormat Format) : Statement;
