using Chronicle.Sql.Syntax;
using Sprache;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// The Chronicle SQL grammar as Sprache parsers over tokens: one field per production of
/// grammar/chronicle.ebnf, named after it (<c>select_statement</c> is <see cref="SelectStatement"/>).
/// Errors come from the furthest failure recorded in <see cref="ParseState"/>, not from Sprache's
/// own messages.
/// </summary>
internal static partial class Grammar
{
    /// <summary>Parses a script (see <see cref="SqlParser.ParseScript"/>).</summary>
    internal static IReadOnlyList<Statement> ParseScript(string sql) => Run(sql, Script);

    /// <summary>Parses one statement (see <see cref="SqlParser.ParseStatement"/>).</summary>
    internal static Statement ParseSingleStatement(string sql)
    {
        var statements = Run(sql, Script);
        if (statements.Count == 1) return statements[0];
        if (statements.Count == 0)
        {
            var end = Tokenizer.Tokenize(sql)[^1];
            throw new ChronicleSqlException(end.Line, end.Column, end.Description, ["statement"]);
        }
        var second = statements[1].Position;
        var token = Tokenizer.Tokenize(sql).First(t => t.Offset == second.Offset);
        throw new ChronicleSqlException(second.Line, second.Column, token.Description, ["end of input"],
            $"unexpected {token.Description}; expected end of input (use ParseScript for several statements)");
    }

    /// <summary>Parses one expression (see <see cref="SqlParser.ParseExpression"/>).</summary>
    internal static Expression ParseStandaloneExpression(string sql) => Run(sql, StandaloneExpression);

    private static readonly Parser<Expression> StandaloneExpression =
        from value in Ref(() => Expression)
        from end in EndOfInput
        select value;

    private static T Run<T>(string sql, Parser<T> parser)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var state = new ParseState(sql, Tokenizer.Tokenize(sql));
        var result = parser(state.InputAt(0));
        if (result.WasSuccessful) return result.Value;
        throw state.Error();
    }
}
