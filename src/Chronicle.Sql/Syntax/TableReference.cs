namespace Chronicle.Sql.Syntax;

/// <summary>The table of a FROM clause, with an optional alias (<c>FROM cpu c</c>, <c>FROM cpu AS c</c>).</summary>
/// <param name="Name">The table name (normalized).</param>
/// <param name="Alias">The alias, or null.</param>
public sealed record TableReference(string Name, string? Alias = null) : SyntaxNode;
