using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Queries;

/// <summary>
/// One concrete TSBS query: its family, its TSBS name and the parameters drawn by
/// <see cref="QueryGenerator"/>. Each engine turns it into its own SQL.
/// </summary>
/// <param name="Name">TSBS name, e.g. <c>single-groupby-1-1-12</c>.</param>
/// <param name="Kind">The query family.</param>
/// <param name="Hostnames">The hosts to filter on; empty means all hosts (no host predicate).</param>
/// <param name="StartNs">Inclusive window start, ns since the Unix epoch (unused by lastpoint and groupby-orderby-limit).</param>
/// <param name="EndNs">Exclusive window end, ns (unused by lastpoint).</param>
/// <param name="Metrics">The fields aggregated or returned, a prefix of <see cref="CpuRow.FieldNames"/>.</param>
/// <param name="BucketNs">Time bucket width in ns (60 s or 3600 s); 0 when the query does not bucket.</param>
public sealed record TsbsQuery(
    string Name,
    QueryKind Kind,
    IReadOnlyList<string> Hostnames,
    long StartNs,
    long EndNs,
    IReadOnlyList<string> Metrics,
    long BucketNs)
{
    /// <summary>One minute in nanoseconds.</summary>
    public const long MinuteNs = 60_000_000_000;

    /// <summary>One hour in nanoseconds.</summary>
    public const long HourNs = 3_600_000_000_000;

    /// <summary>The usage_user threshold of the high-cpu queries (TSBS: 90.0).</summary>
    public const double HighCpuThreshold = 90.0;

    /// <summary>The row count of groupby-orderby-limit (TSBS: LIMIT 5).</summary>
    public const int OrderByLimit = 5;

    /// <summary>The columns every engine returns for this query (see <see cref="ResultShape"/>).</summary>
    public ResultShape Shape => Kind switch
    {
        QueryKind.SingleGroupby or QueryKind.CpuMaxAll or QueryKind.GroupbyOrderbyLimit => new ResultShape(0, Metrics.Count),
        QueryKind.DoubleGroupby => new ResultShape(1, Metrics.Count),
        QueryKind.HighCpu or QueryKind.Lastpoint => new ResultShape(3, Metrics.Count),
        _ => throw new InvalidOperationException($"Unknown query kind {Kind}."),
    };

    /// <summary>A one-line description with the drawn parameters, for logs.</summary>
    public string Describe()
    {
        var hosts = Hostnames.Count == 0 ? "all hosts" : string.Join(",", Hostnames);
        var start = DateTime.UnixEpoch.AddTicks(StartNs / 100).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var end = DateTime.UnixEpoch.AddTicks(EndNs / 100).ToString("yyyy-MM-ddTHH:mm:ssZ");
        return Kind switch
        {
            QueryKind.Lastpoint => $"{Name}: last row per host",
            QueryKind.GroupbyOrderbyLimit => $"{Name}: time < {end}",
            _ => $"{Name}: [{start}, {end}) {hosts}",
        };
    }
}
