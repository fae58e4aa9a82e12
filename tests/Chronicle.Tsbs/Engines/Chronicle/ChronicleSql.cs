using System.Globalization;
using Chronicle.Tsbs.Queries;

namespace Chronicle.Tsbs.Engines.Chronicle;

/// <summary>
/// The Chronicle SQL expected for each TSBS query, for the ChronicleEngine the integrator will add
/// (see the marked place in <see cref="EngineRegistry"/>). It assumes the dialect of
/// docs/sql.md as planned: <c>time_bucket('1m' | '1h', time)</c>, time literals as ISO 8601 UTC
/// strings, and a <c>last(value)</c> aggregate (the value at the latest time) for the last point. Adjust here if the dialect
/// lands differently. The statements, for hosts h1..hn and window [s, e):
/// <code>
/// single-groupby-M-H-T, cpu-max-all-H (max of the first M or all 10 fields per 1m or 1h):
///   SELECT time_bucket('1m', time) AS bucket, max(usage_user) AS max_usage_user, ...
///   FROM cpu WHERE hostname IN ('h1', ...) AND time &gt;= '2026-01-01T03:00:00Z' AND time &lt; '...'
///   GROUP BY bucket ORDER BY bucket
/// double-groupby-1 / -all (mean per host per hour, all hosts, 12 h):
///   SELECT hostname, time_bucket('1h', time) AS bucket, avg(usage_user) AS avg_usage_user, ...
///   FROM cpu WHERE time &gt;= s AND time &lt; e GROUP BY hostname, bucket ORDER BY bucket, hostname
/// high-cpu-1 / -all (raw rows above 90 %, 12 h):
///   SELECT hostname, region, datacenter, time, usage_user, ..., usage_guest_nice
///   FROM cpu WHERE usage_user &gt; 90.0 AND time &gt;= s AND time &lt; e [AND hostname IN ('h1')]
/// lastpoint (each host's last row):
///   SELECT hostname, region, datacenter, max(time) AS time, last(usage_user) AS usage_user, ...
///   FROM cpu GROUP BY hostname, region, datacenter
/// groupby-orderby-limit (last 5 minutes before a random end, all hosts):
///   SELECT time_bucket('1m', time) AS bucket, max(usage_user) AS max_usage_user
///   FROM cpu WHERE time &lt; e GROUP BY bucket ORDER BY bucket DESC LIMIT 5
/// </code>
/// The time column may come back as int64 nanoseconds or as a UTC DateTime; QueryResultReader takes either through its time delegate.
/// </summary>
public sealed class ChronicleSql : SqlDialect
{
    /// <inheritdoc />
    protected override string TimeLiteral(long ns) =>
        "'" + DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture) + "'";

    /// <inheritdoc />
    protected override string Bucket(long widthNs) => widthNs switch
    {
        TsbsQuery.MinuteNs => "time_bucket('1m', time)",
        TsbsQuery.HourNs => "time_bucket('1h', time)",
        _ => throw new ArgumentException($"No time_bucket width for {widthNs} ns.", nameof(widthNs)),
    };

    /// <inheritdoc />
    protected override string Lastpoint(TsbsQuery query) =>
        "SELECT hostname, region, datacenter, max(time) AS time, " +
        string.Join(", ", query.Metrics.Select(m => $"last({m}) AS {m}")) +
        " FROM cpu GROUP BY hostname, region, datacenter";
}
