namespace Chronicle.Sql.Syntax;

/// <summary>Prefix operators.</summary>
public enum UnaryOperator
{
    /// <summary>Arithmetic negation <c>-x</c>.</summary>
    Negate,
    /// <summary>Unary plus <c>+x</c> (no effect on numbers).</summary>
    Plus,
    /// <summary>Logical <c>NOT x</c>.</summary>
    Not,
}
