namespace Chronicle.Sql.Syntax;

/// <summary>One <c>name = value</c> of CREATE TABLE's WITH clause, e.g. <c>retention = '30d'</c>.</summary>
/// <param name="Name">The option name, lower-cased.</param>
/// <param name="Value">The value: a literal, duration or interval.</param>
public sealed record TableOption(string Name, Expression Value) : SyntaxNode;
