namespace Chronicle.Sql.Syntax;

/// <summary><c>COPY table FROM 'path' [(FORMAT ARROW|CSV)]</c>: import rows into an existing table. The default format is ARROW.</summary>
/// <param name="Table">The destination table.</param>
/// <param name="Path">The source file path.</param>
/// <param name="Format">The file format.</param>
public sealed record CopyFromStatement(string Table, string Path, CopyFormat Format) : Statement
{
    /// <summary>
    /// The <c>TIME_COLUMN 'name'</c> option of an Arrow import: the file's column that supplies the
    /// table's time column; null when not given (the column named like the table's time column).
    /// </summary>
    public string? TimeColumn { get; init; }

    /// <summary>
    /// The <c>TIME_COLUMN NONE</c> option of an Arrow import: the file has no time column and row i
    /// of the file (counted from 0 across batches) gets the timestamp i nanoseconds after the epoch.
    /// </summary>
    public bool NumberRows { get; init; }
}
