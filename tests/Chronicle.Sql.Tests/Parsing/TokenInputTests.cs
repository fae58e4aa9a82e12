using Chronicle.Sql.Parsing;
using Sprache;

namespace Chronicle.Sql.Tests.Parsing;

public class TokenInputTests
{
    private static TokenInput Start(string sql) => new ParseState(sql, Tokenizer.Tokenize(sql)).InputAt(0);

    [Fact]
    public void PositionIsTheTokenIndexAndAdvanceMovesOneToken()
    {
        var input = Start("SELECT  a");
        Assert.Equal((0, 1, 1, 'S'), (input.Position, input.Line, input.Column, input.Current));
        var next = input.Advance();
        Assert.Equal((1, 1, 9), (next.Position, next.Line, next.Column));
        Assert.True(next.Advance().AtEnd);
        Assert.Throws<InvalidOperationException>(() => next.Advance().Advance());
    }

    [Fact]
    public void InputsAtTheSameIndexOfOneParseAreEqual()
    {
        var input = Start("a b");
        Assert.Equal(input.Advance(), input.Advance());
        Assert.NotEqual((IInput)input, input.Advance());
        Assert.NotEqual((IInput)input, Start("a b"));
    }

    [Fact]
    public void SpracheRefRetriedAtTheSamePositionDoesNotReportLeftRecursion()
    {
        // Sprache 2.3.1's Parse.Ref memoizes a "left recursion" failure per input and throws when a
        // rule is entered twice at one position; the ignoring memo table keeps that from firing.
        var input = Start("a");
        var name = Parse.Ref(() => (Parser<string>)(i => Result.Success("x", i.Advance())));
        var twice = name.Then(_ => Parse.Return("done")).Or(name);
        Assert.Equal("x", name(input).Value);
        Assert.Equal("x", name(input).Value);
        Assert.True(twice(input).WasSuccessful);
        Assert.Empty(input.Memos);
        input.Memos["k"] = "v";
        Assert.False(input.Memos.ContainsKey("k"));
    }
}
