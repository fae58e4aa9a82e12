namespace Chronicle.Sql.Parsing;

/// <summary>
/// The state of one parse: the tokens, the shared inputs, and the furthest failure. Every token
/// parser that fails records what it expected at its token index; only the furthest index is kept
/// (the classic "furthest failure" rule of PEG parsers), so the error reported is where the input
/// stopped making sense, with everything that would have been accepted there.
/// </summary>
internal sealed class ParseState
{
    private readonly TokenInput?[] _inputs;
    private readonly List<string> _expected = new(16);

    internal ParseState(string sql, IReadOnlyList<Token> tokens)
    {
        Sql = sql;
        Tokens = tokens;
        _inputs = new TokenInput?[tokens.Count];
    }

    /// <summary>The SQL text.</summary>
    internal string Sql { get; }

    /// <summary>The tokens, ending with End.</summary>
    internal IReadOnlyList<Token> Tokens { get; }

    /// <summary>The token index of the furthest failure so far (-1: none).</summary>
    internal int FurthestIndex { get; private set; } = -1;

    /// <summary>The number of expectations recorded at <see cref="FurthestIndex"/>.</summary>
    internal int ExpectedCount => _expected.Count;

    /// <summary>The input at a token index (created once).</summary>
    internal TokenInput InputAt(int index) => _inputs[index] ??= new TokenInput(this, index);

    /// <summary>Records that <paramref name="expected"/> would have been accepted at token <paramref name="index"/>.</summary>
    internal void Fail(int index, string expected)
    {
        if (index < FurthestIndex) return;
        if (index > FurthestIndex)
        {
            FurthestIndex = index;
            _expected.Clear();
        }
        if (!_expected.Contains(expected)) _expected.Add(expected);
    }

    /// <summary>
    /// Replaces the expectations recorded at <paramref name="index"/> since the count was
    /// <paramref name="countBefore"/> (or all of them, if the furthest index moved there meanwhile)
    /// with one name, e.g. "expression" instead of every token that can start one.
    /// </summary>
    internal void Rename(int index, int furthestBefore, int countBefore, string name)
    {
        if (FurthestIndex != index) return;
        var keep = furthestBefore == index ? countBefore : 0;
        _expected.RemoveRange(keep, _expected.Count - keep);
        if (!_expected.Contains(name)) _expected.Add(name);
    }

    /// <summary>Builds the exception for the furthest failure.</summary>
    internal ChronicleSqlException Error()
    {
        var index = Math.Max(0, FurthestIndex);
        var token = Tokens[index];
        IReadOnlyList<string> expected = _expected.ToArray();
        if (token.Kind == TokenKind.Identifier) expected = NarrowToMisspelledKeyword(token, expected);
        return new ChronicleSqlException(token.Line, token.Column, token.Description, expected);
    }

    /// <summary>
    /// When the unexpected token is an identifier one typo away (optimal string alignment distance 1)
    /// from exactly one expected keyword, e.g. FORM for FROM, the message names only that keyword.
    /// </summary>
    private static IReadOnlyList<string> NarrowToMisspelledKeyword(Token token, IReadOnlyList<string> expected)
    {
        if (token.Text.Length < 3) return expected;
        string? match = null;
        foreach (var candidate in expected)
        {
            if (candidate.Length < 3 || !candidate.All(char.IsAsciiLetterUpper)) continue;
            if (NameSuggestions.Distance(token.Text.ToUpperInvariant(), candidate) > 1) continue;
            if (match is not null) return expected;
            match = candidate;
        }
        return match is null ? expected : [match];
    }
}
