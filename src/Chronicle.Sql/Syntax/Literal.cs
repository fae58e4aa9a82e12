namespace Chronicle.Sql.Syntax;

/// <summary>
/// A constant: integer (<see cref="long"/>), decimal (<see cref="double"/>), string, boolean or NULL.
/// ISO-8601 timestamps written as plain strings stay strings here; the binder converts them.
/// </summary>
/// <param name="Kind">What kind of constant; decides the CLR type of <paramref name="Value"/>.</param>
/// <param name="Value">The value: long, double, string, bool, or null for <see cref="LiteralKind.Null"/>.</param>
public sealed record Literal(LiteralKind Kind, object? Value) : Expression
{
    /// <summary>The NULL literal.</summary>
    public static Literal Null { get; } = new(LiteralKind.Null, null);
}
