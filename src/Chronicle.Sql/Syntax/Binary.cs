namespace Chronicle.Sql.Syntax;

/// <summary>A binary operation <c>Left Op Right</c>.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
public sealed record Binary(BinaryOperator Operator, Expression Left, Expression Right) : Expression;
