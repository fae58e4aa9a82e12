using Chronicle.Sql.Syntax;
using Sprache;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// Loop combinators for the hot paths of the grammar. Sprache's own <c>ChainOperator</c>,
/// <c>Many</c> and query syntax build new parser objects at every step; these loop instead, so an
/// operand that passes through every precedence level costs a few result objects, not dozens of
/// closures. Semantics match the Sprache forms they replace (a failed continuation backtracks to
/// the last complete operand; the furthest failure is still recorded by the token parsers).
/// </summary>
internal static partial class Grammar
{
    /// <summary>
    /// <c>operand { op operand }</c> folded to the left, where op is a token of <paramref name="kind"/>
    /// whose text is a key of <paramref name="operators"/>. A missing operator records "operator" at
    /// that token (no allocation); an operator without a following operand backtracks to before it.
    /// </summary>
    private static Parser<Expression> BinaryChain(TokenKind kind, IReadOnlyDictionary<string, BinaryOperator> operators, Parser<Expression> operand) => input =>
    {
        var first = operand(input);
        if (!first.WasSuccessful) return first;
        IResult<Expression>? last = null;
        var value = first.Value;
        var rest = (TokenInput)first.Remainder;
        while (true)
        {
            var token = rest.Token;
            if (token.Kind != kind || !operators.TryGetValue(token.StringValue, out var op))
            {
                rest.State.Fail(rest.Index, "operator");
                return last is null ? first : Result.Success(value, rest);
            }
            var next = operand(rest.Advance());
            if (!next.WasSuccessful) return last is null ? first : Result.Success(value, rest);
            value = MakeBinary(op, value, next.Value);
            rest = (TokenInput)next.Remainder;
            last = next;
        }
    };

    /// <summary>
    /// <c>operand { suffix }</c>: each suffix applied to the value so far. The suffix is tried only when
    /// <paramref name="canStart"/> accepts the next token; otherwise "operator" is recorded there.
    /// </summary>
    private static Parser<T> Suffixes<T, TSuffix>(Parser<T> operand, Func<Token, bool> canStart, Parser<TSuffix> suffix, Func<T, TSuffix, T> apply) => input =>
    {
        var first = operand(input);
        if (!first.WasSuccessful) return first;
        var result = first;
        while (true)
        {
            var rest = (TokenInput)result.Remainder;
            if (!canStart(rest.Token))
            {
                rest.State.Fail(rest.Index, "operator");
                return result;
            }
            var next = suffix(rest);
            if (!next.WasSuccessful) return result;
            result = Result.Success(apply(result.Value, next.Value), next.Remainder);
        }
    };

    /// <summary><c>operand [ suffix ]</c>, the suffix tried only when <paramref name="canStart"/> accepts the next token.</summary>
    private static Parser<T> OptionalSuffix<T, TSuffix>(Parser<T> operand, Func<Token, bool> canStart, Parser<TSuffix> suffix, Func<T, TSuffix, T> apply) => input =>
    {
        var first = operand(input);
        if (!first.WasSuccessful) return first;
        var rest = (TokenInput)first.Remainder;
        if (!canStart(rest.Token))
        {
            rest.State.Fail(rest.Index, "operator");
            return first;
        }
        var next = suffix(rest);
        return next.WasSuccessful ? Result.Success(apply(first.Value, next.Value), next.Remainder) : first;
    };

    /// <summary>One token satisfying <paramref name="accept"/>, projected to a value; records <paramref name="expected"/> on failure.</summary>
    private static Parser<T> TokenValue<T>(Func<Token, bool> accept, Func<Token, T> project, string expected)
    {
        var expectations = new[] { expected };
        var message = "expected " + expected;
        return input =>
        {
            var tokens = (TokenInput)input;
            var token = tokens.Token;
            if (accept(token)) return Result.Success(project(token), tokens.Advance());
            tokens.State.Fail(tokens.Index, expected);
            return Result.Failure<T>(input, message, expectations);
        };
    }

    /// <summary>
    /// <c>item { "," item }</c> as an array. A comma not followed by an item backtracks to before the
    /// comma (the furthest failure, after it, is what gets reported).
    /// </summary>
    private static Parser<IReadOnlyList<T>> CommaList<T>(Parser<T> item) => input =>
    {
        var first = item(input);
        if (!first.WasSuccessful) return Result.Failure<IReadOnlyList<T>>(first.Remainder, first.Message, first.Expectations);
        var items = new List<T>(4) { first.Value };
        var rest = (TokenInput)first.Remainder;
        while (true)
        {
            var token = rest.Token;
            if (token.Kind != TokenKind.Punctuation || token.StringValue != ",")
            {
                rest.State.Fail(rest.Index, "','");
                break;
            }
            var next = item(rest.Advance());
            if (!next.WasSuccessful) break;
            items.Add(next.Value);
            rest = (TokenInput)next.Remainder;
        }
        return Result.Success<IReadOnlyList<T>>(items.ToArray(), rest);
    };

    /// <summary>
    /// <c>[ clause ]</c> for a clause that starts with the reserved word <paramref name="keyword"/>:
    /// the clause runs only when that word is next (and then must succeed, like <c>XOptional</c>);
    /// otherwise the word is recorded as expected and nothing is allocated but the result.
    /// </summary>
    private static Parser<IOption<T>> Clause<T>(string keyword, Parser<T> clause) => input =>
    {
        var tokens = (TokenInput)input;
        var token = tokens.Token;
        if (token.Kind != TokenKind.Keyword || token.StringValue != keyword)
        {
            tokens.State.Fail(tokens.Index, keyword);
            return Result.Success(Absent<T>.Instance, input);
        }
        var result = clause(input);
        return result.WasSuccessful
            ? Result.Success<IOption<T>>(new Present<T>(result.Value), result.Remainder)
            : Result.Failure<IOption<T>>(result.Remainder, result.Message, result.Expectations);
    };

    /// <summary>An absent optional value (one shared instance per type).</summary>
    private sealed class Absent<T> : IOption<T>
    {
        public static readonly IOption<T> Instance = new Absent<T>();
        public bool IsEmpty => true;
        public bool IsDefined => false;
        public T GetOrDefault() => default!;
        public T Get() => throw new InvalidOperationException("No value.");
    }

    /// <summary>A present optional value.</summary>
    private sealed class Present<T>(T value) : IOption<T>
    {
        public bool IsEmpty => false;
        public bool IsDefined => true;
        public T GetOrDefault() => value;
        public T Get() => value;
    }

    /// <summary>True for an operator token with one of the given texts.</summary>
    private static bool IsOperator(Token token, IReadOnlyDictionary<string, BinaryOperator> operators) =>
        token.Kind == TokenKind.Operator && operators.ContainsKey(token.StringValue);

    /// <summary>True for a keyword token.</summary>
    private static bool IsKeyword(Token token, string word) => token.Kind == TokenKind.Keyword && token.StringValue == word;

    /// <summary>
    /// A choice decided by looking at the next tokens (<paramref name="choose"/> sees the input and
    /// returns the one alternative that can apply, or null). When none applies, records
    /// <paramref name="expected"/> at the current token and fails. Equivalent to an ordered choice
    /// whose alternatives start with distinct tokens, without trying each one in turn.
    /// </summary>
    private static Parser<T> Dispatch<T>(Func<TokenInput, Parser<T>?> choose, params string[] expected) => input =>
    {
        var tokens = (TokenInput)input;
        var chosen = choose(tokens);
        if (chosen is not null) return chosen(input);
        foreach (var name in expected) tokens.State.Fail(tokens.Index, name);
        return Result.Failure<T>(input, "expected " + string.Join(" or ", expected), expected);
    };

    /// <summary>An operator token whose text is a key of <paramref name="operators"/>; records "operator" on failure.</summary>
    private static Parser<TOp> OperatorToken<TOp>(IReadOnlyDictionary<string, TOp> operators) => input =>
    {
        var tokens = (TokenInput)input;
        var token = tokens.Token;
        if (token.Kind == TokenKind.Operator && operators.TryGetValue(token.StringValue, out var op))
            return Result.Success(op, tokens.Advance());
        tokens.State.Fail(tokens.Index, "operator");
        return Result.Failure<TOp>(input, "expected operator", OperatorExpectation);
    };

    private static readonly string[] OperatorExpectation = ["operator"];

    /// <summary>The token after the current one (the End token at the end).</summary>
    private static Token Peek(TokenInput input) =>
        input.State.Tokens[Math.Min(input.Index + 1, input.State.Tokens.Count - 1)];
}
