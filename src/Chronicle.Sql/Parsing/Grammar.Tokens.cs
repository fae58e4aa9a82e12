using Chronicle.Sql.Syntax;
using Sprache;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// Token-level parsers: each matches one token and, on failure, records what it expected at that
/// token in the <see cref="ParseState"/> (see <see cref="ParseState.Fail"/>).
/// </summary>
internal static partial class Grammar
{
    /// <summary>A lazily resolved reference to a rule, for rules defined later or recursively. Unlike
    /// <c>Parse.Ref</c> it allocates nothing per call and never reports left recursion.</summary>
    private static Parser<T> Ref<T>(Func<Parser<T>?> rule)
    {
        Parser<T>? parser = null;
        return input => (parser ??= rule()!)(input);
    }

    /// <summary>Matches one token satisfying <paramref name="accept"/>; otherwise records <paramref name="expected"/>.</summary>
    /// <remarks>With <paramref name="record"/> false nothing is recorded: for tokens that are optional
    /// after a complete construct, such as the <c>(</c> that turns a name into a call, whose mention
    /// in every message would be noise.</remarks>
    private static Parser<Token> TokenWhere(Func<Token, bool> accept, string expected, bool record = true)
    {
        var expectations = new[] { expected };
        var message = "expected " + expected;
        return input =>
        {
            var tokens = (TokenInput)input;
            var token = tokens.Token;
            if (accept(token)) return Result.Success(token, token.Kind == TokenKind.End ? input : tokens.Advance());
            if (record) tokens.State.Fail(tokens.Index, expected);
            return Result.Failure<Token>(input, message, expectations);
        };
    }

    /// <summary>A reserved word, e.g. <c>Kw("FROM")</c>.</summary>
    private static Parser<Token> Kw(string word, bool record = true) => Cached("kw", word, record,
        () => TokenWhere(t => t.Kind == TokenKind.Keyword && (string)t.Value! == word, word, record));

    /// <summary>A non-reserved word recognised by its text (an unquoted identifier), e.g. <c>Word("tables")</c>.</summary>
    private static Parser<Token> Word(string lower) => Cached("word", lower, true,
        () => TokenWhere(t => t.Kind == TokenKind.Identifier && (string)t.Value! == lower, lower.ToUpperInvariant()));

    /// <summary>An operator or punctuation token with the given text.</summary>
    private static Parser<Token> Sym(string text, bool record = true) => Cached("sym", text, record,
        () => TokenWhere(t => t.Kind is TokenKind.Operator or TokenKind.Punctuation && (string)t.Value! == text, "'" + text + "'", record));

    /// <summary>Any token of a kind.</summary>
    private static Parser<Token> OfKind(TokenKind kind, string expected) => Cached("kind", kind + expected, true,
        () => TokenWhere(t => t.Kind == kind, expected));

    /// <summary>Token parsers built once per distinct argument: rules call Kw("FROM") inside query
    /// expressions, which run on every parse.</summary>
    private static Parser<Token> Cached(string family, string key, bool record, Func<Parser<Token>> create) =>
        TokenParserCache.Parsers.TryGetValue((family, key, record), out var parser)
            ? parser
            : TokenParserCache.Parsers.GetOrAdd((family, key, record), _ => create());

    /// <summary>Holds the cache in its own type so that it exists before any rule of <see cref="Grammar"/> is initialized.</summary>
    private static class TokenParserCache
    {
        public static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, bool), Parser<Token>> Parsers = new();
    }

    /// <summary>The end of the input.</summary>
    private static Parser<Token> EndOfInput => OfKind(TokenKind.End, "end of input");

    /// <summary>
    /// Runs <paramref name="parser"/>; if it fails without getting past its first token, the
    /// expectations it recorded there are replaced by the single <paramref name="name"/>
    /// ("expression" rather than every token that can start one).
    /// </summary>
    private static Parser<T> NamedAs<T>(this Parser<T> parser, string name) => input =>
    {
        var tokens = (TokenInput)input;
        var state = tokens.State;
        int furthestBefore = state.FurthestIndex, countBefore = state.ExpectedCount;
        var result = parser(input);
        if (!result.WasSuccessful) state.Rename(tokens.Index, furthestBefore, countBefore, name);
        return result;
    };

    /// <summary>The source position of a token.</summary>
    private static SourcePosition At(Token token) => new(token.Line, token.Column, token.Offset);

    /// <summary>An identifier, unquoted (lower-cased) or quoted (case kept).</summary>
    private static Parser<Token> NameToken => Cached("name", "", true,
        () => TokenWhere(t => t.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier, "identifier"));

    /// <summary>
    /// An alias written without AS: an identifier that is not one typo away from a clause keyword
    /// (so <c>SELECT host FORM cpu</c> reports FORM instead of taking it as an alias). Records
    /// nothing on failure: the alias is optional and naming it in every message would be noise.
    /// </summary>
    private static Parser<string> ImplicitAlias => input =>
    {
        var tokens = (TokenInput)input;
        var token = tokens.Token;
        var ok = token.Kind == TokenKind.QuotedIdentifier
            || (token.Kind == TokenKind.Identifier && !ClauseKeywords.Any(k => NameSuggestions.Distance(token.StringValue.ToUpperInvariant(), k) <= 1));
        return ok
            ? Result.Success(token.StringValue, tokens.Advance())
            : Result.Failure<string>(input, "expected alias", ["alias"]);
    };

    /// <summary>Keywords that start a clause after a select item or table name.</summary>
    private static readonly string[] ClauseKeywords = ["FROM", "WHERE", "GROUP", "SAMPLE", "HAVING", "ORDER", "LIMIT", "OFFSET"];
}
