namespace Chronicle.Sql;

/// <summary>
/// A SQL statement could not be parsed or bound. The message reads
/// <c>line L, column C: unexpected FOUND; expected A or B</c> for syntax errors, and names the
/// object and the nearest existing name for semantic ones.
/// </summary>
public sealed class ChronicleSqlException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChronicleSqlException(string message, int line, int column, string? found = null, IReadOnlyList<string>? expected = null)
        : base(message)
    {
        Line = line;
        Column = column;
        Found = found;
        Expected = expected ?? [];
    }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>What was found, e.g. <c>identifier FORM</c>; null for semantic errors.</summary>
    public string? Found { get; }

    /// <summary>What would have been accepted, e.g. <c>FROM</c>.</summary>
    public IReadOnlyList<string> Expected { get; }
}
