namespace Chronicle.Sql.Syntax;

/// <summary>Base of all scalar expressions (literals, column references, operators, calls).</summary>
public abstract record Expression : SyntaxNode
{
    /// <summary>The expression printed back as canonical SQL (fully parenthesized operators).</summary>
    public sealed override string ToString() => SqlFormatter.Format(this);
}
