namespace Chronicle.Sql.Syntax;

/// <summary>
/// A place in the SQL text: 1-based line and column (columns count UTF-16 code units) and the
/// 0-based character offset. <see cref="None"/> (all zero) marks a node synthesized by a tool.
/// </summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Column">1-based column number within the line.</param>
/// <param name="Offset">0-based offset of the first character in the whole text.</param>
public readonly record struct SourcePosition(int Line, int Column, int Offset)
{
    /// <summary>The position of a node that does not come from SQL text.</summary>
    public static SourcePosition None => default;

    /// <summary>Formats as <c>line L, column C</c>, the form used in error messages.</summary>
    public override string ToString() => $"line {Line}, column {Column}";
}
