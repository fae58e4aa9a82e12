using Chronicle.Sql.Parsing;

namespace Chronicle.Sql.Tests.Parsing;

public class TokenizerTests
{
    private static (TokenKind Kind, string Text, object? Value)[] Lex(string sql) =>
        Tokenizer.Tokenize(sql).Select(t => (t.Kind, t.Text, t.Value)).ToArray();

    [Fact]
    public void KindsTextAndValues()
    {
        Assert.Equal(
            [
                (TokenKind.Keyword, "select", (object?)"SELECT"),
                (TokenKind.Identifier, "Host", "host"),
                (TokenKind.Punctuation, ",", ","),
                (TokenKind.QuotedIdentifier, "\"A \"\"b\"\"\"", "A \"b\""),
                (TokenKind.Punctuation, ",", ","),
                (TokenKind.Integer, "42", 42L),
                (TokenKind.Decimal, "4.5e1", 45.0),
                (TokenKind.String, "'it''s'", "it's"),
                (TokenKind.Duration, "1h30m", 5_400_000_000_000L),
                (TokenKind.Parameter, "@p1", "p1"),
                (TokenKind.Parameter, "?", 1),
                (TokenKind.Operator, "::", "::"),
                (TokenKind.Operator, "<>", "<>"),
                (TokenKind.Operator, "||", "||"),
                (TokenKind.End, "", null),
            ],
            Lex("select Host, \"A \"\"b\"\"\", 42 4.5e1 'it''s' 1h30m @p1 ? :: <> ||"));
    }

    [Theory]
    [InlineData("<", "<")]
    [InlineData("<=", "<=")]
    [InlineData(">=", ">=")]
    [InlineData("!=", "!=")]
    [InlineData("%", "%")]
    public void Operators(string sql, string op) =>
        Assert.Equal((TokenKind.Operator, op), Tokenizer.Tokenize(sql)[0] is var t ? (t.Kind, (string)t.Value!) : default);

    [Fact]
    public void CommentsAreSkippedAndPositionsTracked()
    {
        var tokens = Tokenizer.Tokenize("-- first line\n/* block\n   comment */ a\r\n  b\r c");
        Assert.Equal([("a", 3, 15, 37), ("b", 4, 3, 42), ("c", 5, 2, 45)],
            tokens.Take(3).Select(t => (t.Text, t.Line, t.Column, t.Offset)).ToArray());
        Assert.Equal(TokenKind.End, tokens[3].Kind);
    }

    [Fact]
    public void MinusMinusStartsAComment()
    {
        Assert.Equal([TokenKind.Identifier, TokenKind.End], Tokenizer.Tokenize("a--5").Select(t => t.Kind));
        Assert.Equal([TokenKind.Identifier, TokenKind.Operator, TokenKind.Operator, TokenKind.Integer, TokenKind.End],
            Tokenizer.Tokenize("a- -5").Select(t => t.Kind));
    }

    [Fact]
    public void ParameterForms()
    {
        var tokens = Tokenizer.Tokenize("@a :b $c $12 ? ?").Take(6).ToArray();
        Assert.All(tokens, t => Assert.Equal(TokenKind.Parameter, t.Kind));
        Assert.Equal(["a", "b", "c", 12, 1, 2], tokens.Select(t => t.Value));
    }

    [Fact]
    public void QuotedStringsSpanLines()
    {
        var tokens = Tokenizer.Tokenize("'a\nb' x");
        Assert.Equal("a\nb", tokens[0].Value);
        Assert.Equal((2, 4), (tokens[1].Line, tokens[1].Column));
    }

    [Fact]
    public void ReservedAndNonReservedWords()
    {
        Assert.Equal(TokenKind.Keyword, Tokenizer.Tokenize("Where")[0].Kind);
        Assert.Equal(TokenKind.Identifier, Tokenizer.Tokenize("tables")[0].Kind);
        Assert.Equal(TokenKind.Identifier, Tokenizer.Tokenize("time")[0].Kind);
    }

    [Fact]
    public void DescriptionsNameKindAndText()
    {
        Assert.Equal(["keyword FROM", "identifier Foo", "integer 1", "number 1.5", "string 'x'", "duration 5m", "parameter @p", "'('", "end of input"],
            Tokenizer.Tokenize("FROM Foo 1 1.5 'x' 5m @p (").Select(t => t.Description));
    }
}
