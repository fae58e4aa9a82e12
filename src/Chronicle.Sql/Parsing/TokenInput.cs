using System.Collections;
using Sprache;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// A Sprache <see cref="IInput"/> over a token list: <see cref="Position"/> is the token index.
/// Inputs for each index are created once per parse and shared (<see cref="ParseState.InputAt"/>),
/// so advancing does not allocate twice and equality is cheap.
/// </summary>
/// <remarks>
/// <see cref="Memos"/> is a table that ignores writes. Sprache 2.3.1's <c>Parse.Ref</c> stores a
/// "left recursion" failure in the memo table before running its parser and throws when it finds
/// that entry again at the same input; the grammar legitimately retries a rule at one position (an
/// alternative fails, the next one starts with the same rule), so the check must never fire.
/// </remarks>
internal sealed class TokenInput : IInput
{
    internal TokenInput(ParseState state, int index)
    {
        State = state;
        Index = index;
    }

    /// <summary>The shared state of this parse (tokens, furthest failure).</summary>
    internal ParseState State { get; }

    /// <summary>The index of <see cref="Token"/> in the token list.</summary>
    internal int Index { get; }

    /// <summary>The current token (the End token at the end).</summary>
    internal Token Token => State.Tokens[Index];

    /// <inheritdoc/>
    public IInput Advance()
    {
        if (AtEnd) throw new InvalidOperationException("The input is already at the end of the tokens.");
        return State.InputAt(Index + 1);
    }

    /// <inheritdoc/>
    public string Source => State.Sql;

    /// <inheritdoc/>
    public char Current => Token.Text.Length > 0 ? Token.Text[0] : '\0';

    /// <inheritdoc/>
    public bool AtEnd => Token.Kind == TokenKind.End;

    /// <inheritdoc/>
    public int Position => Index;

    /// <inheritdoc/>
    public int Line => Token.Line;

    /// <inheritdoc/>
    public int Column => Token.Column;

    /// <inheritdoc/>
    public IDictionary<object, object> Memos => IgnoringMemos.Instance;

    /// <inheritdoc/>
    public bool Equals(IInput? other) => other is TokenInput input && ReferenceEquals(input.State, State) && input.Index == Index;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as IInput);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(State, Index);

    /// <inheritdoc/>
    public override string ToString() => Token.ToString();

    /// <summary>A dictionary that is always empty: writes are dropped (see the class remarks).</summary>
    private sealed class IgnoringMemos : IDictionary<object, object>
    {
        public static readonly IgnoringMemos Instance = new();

        public object this[object key]
        {
            get => throw new KeyNotFoundException();
            set { }
        }

        public ICollection<object> Keys => Array.Empty<object>();
        public ICollection<object> Values => Array.Empty<object>();
        public int Count => 0;
        public bool IsReadOnly => false;
        public void Add(object key, object value) { }
        public void Add(KeyValuePair<object, object> item) { }
        public void Clear() { }
        public bool Contains(KeyValuePair<object, object> item) => false;
        public bool ContainsKey(object key) => false;
        public void CopyTo(KeyValuePair<object, object>[] array, int arrayIndex) { }
        public IEnumerator<KeyValuePair<object, object>> GetEnumerator() => Enumerable.Empty<KeyValuePair<object, object>>().GetEnumerator();
        public bool Remove(object key) => false;
        public bool Remove(KeyValuePair<object, object> item) => false;
        public bool TryGetValue(object key, out object value)
        {
            value = null!;
            return false;
        }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
