namespace Chronicle.Sql.Syntax;

/// <summary><c>Value [NOT] LIKE Pattern</c> (<c>%</c> any run, <c>_</c> one character); ILIKE ignores case.</summary>
/// <param name="Value">The tested string.</param>
/// <param name="Pattern">The pattern.</param>
/// <param name="Negated">True for NOT LIKE / NOT ILIKE.</param>
/// <param name="IgnoreCase">True for ILIKE.</param>
public sealed record Like(Expression Value, Expression Pattern, bool Negated = false, bool IgnoreCase = false) : Expression;
