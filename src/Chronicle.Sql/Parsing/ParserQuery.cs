using Sprache;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// Query-syntax operators (<c>from ... in ... select</c>) for Sprache parsers, used by the grammar
/// in place of Sprache's own. Same results and failures, but Sprache's <c>SelectMany</c> builds a
/// new <c>Select</c> parser (several closures) on every step of every parse; these call the
/// selector and projector directly. Being declared in this namespace, they take precedence over
/// the <c>Sprache</c> ones in the grammar files.
/// </summary>
internal static class ParserQuery
{
    /// <summary>Runs <paramref name="parser"/>, then the parser chosen from its value; projects both values.</summary>
    public static Parser<TResult> SelectMany<T, TNext, TResult>(
        this Parser<T> parser, Func<T, Parser<TNext>?> selector, Func<T, TNext, TResult> projector) => input =>
    {
        var first = parser(input);
        if (!first.WasSuccessful) return Result.Failure<TResult>(first.Remainder, first.Message, first.Expectations);
        var second = selector(first.Value)!(first.Remainder);
        if (!second.WasSuccessful) return Result.Failure<TResult>(second.Remainder, second.Message, second.Expectations);
        return Result.Success(projector(first.Value, second.Value), second.Remainder);
    };

    /// <summary>Projects the value of a successful parse.</summary>
    public static Parser<TResult> Select<T, TResult>(this Parser<T> parser, Func<T, TResult> convert) => input =>
    {
        var result = parser(input);
        return result.WasSuccessful
            ? Result.Success(convert(result.Value), result.Remainder)
            : Result.Failure<TResult>(result.Remainder, result.Message, result.Expectations);
    };

    /// <summary>Replaces the value of a successful parse with <paramref name="value"/>.</summary>
    public static Parser<TResult> Return<T, TResult>(this Parser<T> parser, TResult value) => input =>
    {
        var result = parser(input);
        return result.WasSuccessful
            ? Result.Success(value, result.Remainder)
            : Result.Failure<TResult>(result.Remainder, result.Message, result.Expectations);
    };
}
