namespace Chronicle.Sql.Parsing;

/// <summary>
/// Reserved words: tokenized as <see cref="TokenKind.Keyword"/> and usable as names only when
/// quoted. Other words with a meaning in some place (TABLES, COLUMNS, FORMAT, ARROW, CSV, TAG,
/// TIMESTAMP, INTERVAL, ANALYZE, NULLS, FIRST, LAST, type names) are ordinary identifiers that the
/// grammar recognises by their text, so they stay usable as column names (<c>time</c>, <c>first</c>).
/// </summary>
public static class Keywords
{
    /// <summary>The reserved words, upper-case.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CAST", "COPY", "CREATE", "DELETE", "DESC", "DESCRIBE",
        "DISTINCT", "DROP", "EXISTS", "EXPLAIN", "FALSE", "FROM", "GROUP", "HAVING", "IF", "ILIKE", "IN",
        "INSERT", "INTO", "IS", "LIKE", "LIMIT", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "SAMPLE",
        "SELECT", "SHOW", "TABLE", "TO", "TRUE", "VALUES", "WHERE", "WITH", "WITHIN",
    };

    /// <summary>True when <paramref name="word"/> (any case) is reserved.</summary>
    /// <param name="word">A word.</param>
    /// <returns>Whether it is reserved.</returns>
    public static bool IsReserved(string word) => Reserved.Contains(word);
}
