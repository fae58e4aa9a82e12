using Chronicle.Tsbs.Queries;

namespace Chronicle.Tsbs.Engines.Postgres;

/// <summary>
/// PostgreSQL's SQL for the TSBS queries, as TSBS writes it for plain PostgreSQL/TimescaleDB:
/// <c>time</c> is a <c>timestamptz</c> (the session time zone is UTC), buckets are
/// <c>date_trunc('minute'|'hour', time)</c>, the last point is <c>DISTINCT ON (hostname)</c>.
/// </summary>
public sealed class PostgresSql : SqlDialect
{
    /// <inheritdoc />
    protected override string TimeLiteral(long ns) => $"'{IsoMicros(ns)}+00'";

    /// <inheritdoc />
    protected override string Bucket(long widthNs) => $"date_trunc('{DateTruncUnit(widthNs)}', time)";

    /// <inheritdoc />
    protected override string Lastpoint(TsbsQuery query) =>
        $"SELECT DISTINCT ON (hostname) hostname, region, datacenter, time, {string.Join(", ", query.Metrics)} " +
        "FROM cpu ORDER BY hostname, time DESC";

    /// <summary>The date_trunc unit for a bucket of one minute or one hour.</summary>
    /// <exception cref="ArgumentException">Any other width.</exception>
    internal static string DateTruncUnit(long widthNs) => widthNs switch
    {
        TsbsQuery.MinuteNs => "minute",
        TsbsQuery.HourNs => "hour",
        _ => throw new ArgumentException($"No date_trunc unit for a bucket of {widthNs} ns.", nameof(widthNs)),
    };
}
