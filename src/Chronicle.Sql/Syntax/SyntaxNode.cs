namespace Chronicle.Sql.Syntax;

/// <summary>
/// Base of every node of the syntax tree. Nodes are immutable records; <see cref="Position"/>
/// is where the node starts in the SQL text, so later stages (binder, planner) can report
/// errors at the right place. Record equality compares lists by reference, so compare trees
/// with <see cref="SqlFormatter"/> output rather than with <c>==</c>.
/// </summary>
public abstract record SyntaxNode
{
    /// <summary>Where the node starts in the source text (<see cref="SourcePosition.None"/> if synthesized).</summary>
    public SourcePosition Position { get; init; }
}
