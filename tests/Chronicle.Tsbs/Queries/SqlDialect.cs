using System.Globalization;
using System.Text;

namespace Chronicle.Tsbs.Queries;

/// <summary>
/// Writes the SQL of each TSBS query for one engine. The statements follow TSBS's TimescaleDB
/// forms (timescale/tsbs cmd/tsbs_generate_queries/databases/timescaledb/devops.go), with two
/// changes so that every engine answers in the same <see cref="ResultShape"/>: host filters are
/// <c>hostname IN (...)</c> instead of a chain of ORs, and key columns come first. A dialect supplies
/// its time literal, its time bucket expression and its last-point query.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>A literal for the instant <paramref name="ns"/> (ns since the Unix epoch) comparable with column <c>time</c>.</summary>
    protected abstract string TimeLiteral(long ns);

    /// <summary>An expression for the start of the <paramref name="widthNs"/>-wide bucket holding <c>time</c>.</summary>
    protected abstract string Bucket(long widthNs);

    /// <summary>The last-point query: hostname, region, datacenter, time, the 10 fields of each host's last row.</summary>
    protected abstract string Lastpoint(TsbsQuery query);

    // Each query's text, written once: TSBS generates its query files before the run
    // (tsbs_generate_queries) and times only their execution, so writing the text (string
    // interpolation, time formatting: 30-40 µs cold, as much as a whole warm query) stays out of
    // the timed runs of every engine.
    private readonly Dictionary<TsbsQuery, string> written = new(ReferenceEqualityComparer.Instance);

    /// <summary>The SQL for <paramref name="query"/>, producing columns in <see cref="TsbsQuery.Shape"/> order; written on the first call for the query object and kept.</summary>
    /// <exception cref="InvalidOperationException">The query kind is unknown.</exception>
    public string Sql(TsbsQuery query)
    {
        lock (written)
        {
            if (!written.TryGetValue(query, out var text)) written[query] = text = Write(query);
            return text;
        }
    }

    private string Write(TsbsQuery query) => query.Kind switch
    {
        QueryKind.SingleGroupby or QueryKind.CpuMaxAll =>
            $"SELECT {Bucket(query.BucketNs)} AS bucket, {Aggregates("max", query.Metrics)} FROM cpu " +
            $"WHERE {HostFilter(query.Hostnames)} AND {TimeFilter(query)} GROUP BY bucket ORDER BY bucket",
        QueryKind.DoubleGroupby =>
            $"SELECT hostname, {Bucket(query.BucketNs)} AS bucket, {Aggregates("avg", query.Metrics)} FROM cpu " +
            $"WHERE {TimeFilter(query)} GROUP BY hostname, bucket ORDER BY bucket, hostname",
        QueryKind.HighCpu =>
            $"SELECT hostname, region, datacenter, time, {string.Join(", ", query.Metrics)} FROM cpu " +
            $"WHERE usage_user > {TsbsQuery.HighCpuThreshold.ToString("0.0", CultureInfo.InvariantCulture)} AND {TimeFilter(query)}" +
            (query.Hostnames.Count == 0 ? string.Empty : $" AND {HostFilter(query.Hostnames)}"),
        QueryKind.Lastpoint => Lastpoint(query),
        QueryKind.GroupbyOrderbyLimit =>
            $"SELECT {Bucket(query.BucketNs)} AS bucket, max(usage_user) AS max_usage_user FROM cpu " +
            $"WHERE time < {TimeLiteral(query.EndNs)} GROUP BY bucket ORDER BY bucket DESC LIMIT {TsbsQuery.OrderByLimit}",
        _ => throw new InvalidOperationException($"Unknown query kind {query.Kind}."),
    };

    /// <summary><c>agg(m) AS agg_m</c> for every metric, comma-separated.</summary>
    protected static string Aggregates(string aggregate, IEnumerable<string> metrics) =>
        string.Join(", ", metrics.Select(m => $"{aggregate}({m}) AS {aggregate}_{m}"));

    /// <summary><c>hostname IN ('host_1', ...)</c>.</summary>
    protected static string HostFilter(IReadOnlyList<string> hostnames)
    {
        var text = new StringBuilder("hostname IN (");
        for (var i = 0; i < hostnames.Count; i++)
        {
            text.Append(i == 0 ? "'" : ", '").Append(hostnames[i].Replace("'", "''")).Append('\'');
        }

        return text.Append(')').ToString();
    }

    private string TimeFilter(TsbsQuery query) =>
        $"time >= {TimeLiteral(query.StartNs)} AND time < {TimeLiteral(query.EndNs)}";

    /// <summary>ISO 8601 text (microsecond precision, no zone) of <paramref name="ns"/>, for dialects with timestamp types.</summary>
    protected static string IsoMicros(long ns) =>
        DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
