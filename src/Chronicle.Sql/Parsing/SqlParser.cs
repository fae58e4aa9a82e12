using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// Entry point of the SQL front end: text in, immutable syntax trees out. All methods are
/// thread-safe. Errors are <see cref="ChronicleSqlException"/> with line, column, found and expected.
/// The dialect is described in docs/sql.md and grammar/chronicle.ebnf.
/// </summary>
public static class SqlParser
{
    /// <summary>Parses a script: statements separated by <c>;</c> (empty statements are skipped).</summary>
    /// <param name="sql">The SQL text.</param>
    /// <returns>The statements in order (possibly empty for blank text).</returns>
    /// <exception cref="ChronicleSqlException">On a lexical or syntax error.</exception>
    public static IReadOnlyList<Statement> ParseScript(string sql) => Grammar.ParseScript(sql);

    /// <summary>Parses exactly one statement (an optional trailing <c>;</c> is allowed).</summary>
    /// <param name="sql">The SQL text.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ChronicleSqlException">On a syntax error, or when the text holds zero or several statements.</exception>
    public static Statement ParseStatement(string sql) => Grammar.ParseSingleStatement(sql);

    /// <summary>Parses one expression (e.g. <c>usage &gt; 90 AND host = 'a'</c>).</summary>
    /// <param name="sql">The expression text.</param>
    /// <returns>The expression.</returns>
    /// <exception cref="ChronicleSqlException">On a syntax error or trailing text.</exception>
    public static Expression ParseExpression(string sql) => Grammar.ParseStandaloneExpression(sql);

    /// <summary>
    /// <see cref="ParseScript"/> through a bounded, thread-safe cache keyed by the exact text
    /// (<see cref="ParseCache.Capacity"/> entries, least recently used evicted). The returned
    /// list and trees are immutable and shared between callers. Errors are not cached.
    /// </summary>
    /// <param name="sql">The SQL text.</param>
    /// <returns>The statements.</returns>
    /// <exception cref="ChronicleSqlException">On a syntax error.</exception>
    public static IReadOnlyList<Statement> ParseCached(string sql) => ParseCache.Shared.GetOrParse(sql);
}
