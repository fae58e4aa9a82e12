namespace Chronicle.Sql.Parsing;

/// <summary>One token of SQL text.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Text">The exact source text of the token (empty for <see cref="TokenKind.End"/>).</param>
/// <param name="Value">The decoded value; its type depends on <paramref name="Kind"/> (see <see cref="TokenKind"/>).</param>
/// <param name="Line">1-based line of the first character.</param>
/// <param name="Column">1-based column of the first character.</param>
/// <param name="Offset">0-based offset of the first character.</param>
public sealed record Token(TokenKind Kind, string Text, object? Value, int Line, int Column, int Offset)
{
    /// <summary>How the token is named in error messages: <c>identifier FORM</c>, <c>keyword SELECT</c>, <c>')'</c>, <c>end of input</c>.</summary>
    public string Description => Kind switch
    {
        TokenKind.Keyword => "keyword " + Text,
        TokenKind.Identifier => "identifier " + Text,
        TokenKind.QuotedIdentifier => "identifier " + Text,
        TokenKind.Integer => "integer " + Text,
        TokenKind.Decimal => "number " + Text,
        TokenKind.String => "string " + Text,
        TokenKind.Duration => "duration " + Text,
        TokenKind.Parameter => "parameter " + Text,
        TokenKind.End => "end of input",
        _ => "'" + Text + "'",
    };

    /// <summary>The value as a string (keywords, identifiers, strings, operators, named parameters).</summary>
    internal string StringValue => (string)Value!;

    /// <inheritdoc/>
    public override string ToString() => $"{Description} at {Line}:{Column}";
}
