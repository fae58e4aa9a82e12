namespace Chronicle.Sql.Syntax;

/// <summary>The kind of a <see cref="Literal"/> and the CLR type of its <see cref="Literal.Value"/>.</summary>
public enum LiteralKind
{
    /// <summary>An integer: <see cref="long"/>.</summary>
    Integer,
    /// <summary>A number with a fraction or exponent: <see cref="double"/>.</summary>
    Decimal,
    /// <summary>A single-quoted string (quotes removed, <c>''</c> unescaped): <see cref="string"/>.</summary>
    String,
    /// <summary>TRUE or FALSE: <see cref="bool"/>.</summary>
    Boolean,
    /// <summary>NULL: the value is <c>null</c>.</summary>
    Null,
}
