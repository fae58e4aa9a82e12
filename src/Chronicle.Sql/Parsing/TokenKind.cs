namespace Chronicle.Sql.Parsing;

/// <summary>The kinds of <see cref="Token"/>.</summary>
public enum TokenKind
{
    /// <summary>A reserved word (<see cref="Keywords.Reserved"/>); value: the upper-case word.</summary>
    Keyword,
    /// <summary>An unquoted name, including non-reserved words such as TABLES or FORMAT; value: lower-cased.</summary>
    Identifier,
    /// <summary>A double-quoted name; value: the content with <c>""</c> unescaped, case kept.</summary>
    QuotedIdentifier,
    /// <summary>An integer; value: <see cref="long"/>.</summary>
    Integer,
    /// <summary>A number with a fraction or exponent; value: <see cref="double"/>.</summary>
    Decimal,
    /// <summary>A single-quoted string; value: the content with <c>''</c> unescaped.</summary>
    String,
    /// <summary>A duration such as <c>5m</c> or <c>1h30m</c>; value: <see cref="long"/> nanoseconds.</summary>
    Duration,
    /// <summary>A parameter <c>@name</c>, <c>:name</c>, <c>$name</c> (value: the name) or <c>$1</c>, <c>?</c> (value: the <see cref="int"/> ordinal).</summary>
    Parameter,
    /// <summary>An operator: <c>+ - * / % = != &lt;&gt; &lt; &lt;= &gt; &gt;= || ::</c>; value: the text.</summary>
    Operator,
    /// <summary>Punctuation: <c>( ) , ; .</c>; value: the text.</summary>
    Punctuation,
    /// <summary>The end of the input (always the last token).</summary>
    End,
}
