namespace Chronicle.Sql.Syntax;

/// <summary>One item of a SELECT list: <c>*</c>, <c>t.*</c>, or an expression with an optional alias.</summary>
/// <param name="Expression">The expression, or null for a star item.</param>
/// <param name="Alias">The output name given with <c>[AS] alias</c>, or null.</param>
/// <param name="Star">True for <c>*</c> or <c>t.*</c>.</param>
/// <param name="StarTable">The qualifier of <c>t.*</c>, or null.</param>
public sealed record SelectItem(Expression? Expression, string? Alias = null, bool Star = false, string? StarTable = null) : SyntaxNode;
