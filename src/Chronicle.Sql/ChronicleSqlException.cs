namespace Chronicle.Sql;

/// <summary>
/// Bad SQL: a syntax error from the tokenizer or parser, or a semantic error from the binder or
/// executor, with where it happened, what was found there and what would have been accepted. The
/// message reads <c>line 1, column 13: unexpected identifier FORM; expected FROM</c> for syntax
/// errors, and names the object and the nearest existing name for semantic ones
/// (<c>line 1, column 8: column 'usge' does not exist in table 'cpu'; did you mean 'usage'?</c>).
/// </summary>
public class ChronicleSqlException : Exception
{
    /// <summary>Creates an error with a complete message (used by the binder and executor).</summary>
    /// <param name="message">The whole message.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="found">What was found, or null for semantic errors.</param>
    /// <param name="expected">What would have been accepted; null means nothing in particular.</param>
    public ChronicleSqlException(string message, int line, int column, string? found = null, IReadOnlyList<string>? expected = null)
        : base(message)
    {
        Line = line;
        Column = column;
        Found = found;
        Expected = expected ?? [];
    }

    /// <summary>Creates a syntax error: the message is built from the parts.</summary>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="found">What was found, e.g. <c>identifier FORM</c>, <c>end of input</c>.</param>
    /// <param name="expected">What would have been accepted, e.g. <c>FROM</c>, <c>expression</c>; may be empty.</param>
    public ChronicleSqlException(int line, int column, string found, IReadOnlyList<string> expected)
        : this(BuildMessage(line, column, found, expected), line, column, found, expected)
    {
    }

    /// <summary>Creates an error with a free-form description (semantic errors, tokenizer errors with a reason).</summary>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="found">What was found at the position.</param>
    /// <param name="expected">What would have been accepted; may be empty.</param>
    /// <param name="description">The text after <c>line L, column C: </c>.</param>
    public ChronicleSqlException(int line, int column, string found, IReadOnlyList<string> expected, string description)
        : this($"line {line}, column {column}: {description}", line, column, found, expected)
    {
    }

    /// <summary>1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>What was found at the position, e.g. <c>identifier FORM</c>, <c>keyword SELECT</c>, <c>end of input</c>; null for semantic errors.</summary>
    public string? Found { get; }

    /// <summary>What would have been accepted at the position, in a stable order (may be empty).</summary>
    public IReadOnlyList<string> Expected { get; }

    /// <summary>Formats <c>line L, column C: unexpected F; expected A, B or C</c>.</summary>
    internal static string BuildMessage(int line, int column, string found, IReadOnlyList<string> expected)
    {
        var text = $"line {line}, column {column}: unexpected {found}";
        if (expected.Count == 0) return text;
        var list = expected.Count == 1
            ? expected[0]
            : string.Join(", ", expected.Take(expected.Count - 1)) + " or " + expected[^1];
        return $"{text}; expected {list}";
    }
}
