using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Parsing;

/// <summary>The grammar (work in progress).</summary>
internal static partial class Grammar
{
    internal static IReadOnlyList<Statement> ParseScript(string sql) => throw new NotImplementedException();
    internal static Statement ParseSingleStatement(string sql) => throw new NotImplementedException();
    internal static Expression ParseStandaloneExpression(string sql) => throw new NotImplementedException();
}
