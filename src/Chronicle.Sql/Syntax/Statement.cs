namespace Chronicle.Sql.Syntax;

/// <summary>Base of all statements. <see cref="SyntaxNode.Position"/> is the first token of the statement.</summary>
public abstract record Statement : SyntaxNode
{
    /// <summary>The statement printed back as canonical SQL.</summary>
    public sealed override string ToString() => SqlFormatter.Format(this);
}
