namespace Chronicle.Sql.Syntax;

/// <summary><c>CAST(Value AS type)</c> or <c>Value::type</c>.</summary>
/// <param name="Value">The converted expression.</param>
/// <param name="TargetType">The target type.</param>
public sealed record Cast(Expression Value, SqlType TargetType) : Expression;
