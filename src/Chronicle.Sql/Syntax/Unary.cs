namespace Chronicle.Sql.Syntax;

/// <summary>A prefix operation <c>Op Operand</c>. The parser folds <c>-</c> applied to a numeric literal into a negative literal.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operand">The operand.</param>
public sealed record Unary(UnaryOperator Operator, Expression Operand) : Expression;
