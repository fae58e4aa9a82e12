namespace Chronicle.Sql.Syntax;

/// <summary><c>TIMESTAMP '2024-01-01T00:00:00Z'</c>: the text is kept; the binder converts it to nanoseconds since the Unix epoch.</summary>
/// <param name="Text">The string inside the quotes.</param>
public sealed record TimestampLiteral(string Text) : Expression;
