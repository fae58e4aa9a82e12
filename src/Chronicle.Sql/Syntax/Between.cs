namespace Chronicle.Sql.Syntax;

/// <summary><c>Value [NOT] BETWEEN Low AND High</c> (both bounds inclusive).</summary>
/// <param name="Value">The tested value.</param>
/// <param name="Low">The lower bound (inclusive).</param>
/// <param name="High">The upper bound (inclusive).</param>
/// <param name="Negated">True for NOT BETWEEN.</param>
public sealed record Between(Expression Value, Expression Low, Expression High, bool Negated = false) : Expression;
