using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Planning;

/// <summary>The semantic error messages of the binder and executor, written once here.</summary>
internal static class SqlErrors
{
    /// <summary>An error at <paramref name="position"/>: <c>line L, column C: message</c>.</summary>
    public static ChronicleSqlException At(SourcePosition position, string message)
    {
        int line = Math.Max(position.Line, 1), column = Math.Max(position.Column, 1);
        return new ChronicleSqlException($"line {line}, column {column}: {message}", line, column);
    }

    /// <summary>Appends <c>; did you mean 'x'?</c> when a near name exists.</summary>
    public static string Suggest(string name, IEnumerable<string> candidates)
    {
        var near = NameSuggestions.NearestName(name, candidates);
        return near is null ? "" : $"; did you mean '{near}'?";
    }

    /// <summary>Unknown table.</summary>
    public static ChronicleSqlException UnknownTable(SourcePosition p, string name, IEnumerable<string> tables) =>
        At(p, $"table '{name}' does not exist{Suggest(name, tables)}");

    /// <summary>Unknown column.</summary>
    public static ChronicleSqlException UnknownColumn(SourcePosition p, string name, string table, IEnumerable<string> columns) =>
        At(p, $"column '{name}' does not exist in table '{table}'{Suggest(name, columns)}");

    /// <summary>SQL name of a result type.</summary>
    public static string TypeName(ResultType t) => t switch
    {
        ResultType.Timestamp => "TIMESTAMP",
        ResultType.Double => "DOUBLE",
        ResultType.BigInt => "BIGINT",
        ResultType.Boolean => "BOOLEAN",
        ResultType.VarChar => "VARCHAR",
        _ => "NULL",
    };
}
