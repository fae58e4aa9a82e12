namespace Chronicle.Sql.Syntax;

/// <summary>
/// The function names of the dialect. The parser accepts any name in call syntax; the binder
/// rejects names not listed here (suggesting the nearest one with <see cref="NameSuggestions.NearestName"/>).
/// </summary>
public static class KnownFunctions
{
    /// <summary>Aggregate functions: one value per group.</summary>
    public static IReadOnlySet<string> Aggregates { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "count", "sum", "avg", "mean", "min", "max", "first", "last", "stddev", "stddev_samp",
        "stddev_pop", "variance", "var_samp", "var_pop", "median", "percentile_cont", "percentile_disc",
        "spread", "rate",
    };

    /// <summary>Scalar functions: one value per row.</summary>
    public static IReadOnlySet<string> Scalars { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "time_bucket", "date_bin", "now", "abs", "round", "floor", "ceil", "ceiling", "sqrt", "power",
        "pow", "exp", "ln", "log", "log10", "sign", "lower", "upper", "length", "coalesce", "greatest",
        "least", "date_trunc", "extract_epoch", "to_timestamp", "concat", "substring", "trim", "nullif",
    };

    /// <summary>Alternative names and the function they stand for (<c>date_bin</c> -> <c>time_bucket</c>).</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["date_bin"] = "time_bucket",
        ["mean"] = "avg",
        ["ceiling"] = "ceil",
        ["pow"] = "power",
        ["stddev_samp"] = "stddev",
        ["var_samp"] = "variance",
    };

    /// <summary>Every known name: aggregates and scalars, aliases included.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(Aggregates.Concat(Scalars), StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> (lower-case) is an aggregate function.</summary>
    public static bool IsAggregate(string name) => Aggregates.Contains(name);

    /// <summary>The canonical name of <paramref name="name"/>: its alias target, or itself.</summary>
    public static string Canonical(string name) => Aliases.TryGetValue(name, out var target) ? target : name;
}
