namespace Chronicle.Sql.Syntax;

/// <summary><c>Value IS [NOT] NULL</c>.</summary>
/// <param name="Value">The tested value.</param>
/// <param name="Negated">True for IS NOT NULL.</param>
public sealed record IsNull(Expression Value, bool Negated = false) : Expression;
