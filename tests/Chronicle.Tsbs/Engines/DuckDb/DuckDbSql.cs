using Chronicle.Tsbs.Engines.Postgres;
using Chronicle.Tsbs.Queries;

namespace Chronicle.Tsbs.Engines.DuckDb;

/// <summary>
/// DuckDB's SQL for the TSBS queries: <c>time</c> is a <c>TIMESTAMP</c> (UTC, microseconds), buckets
/// are <c>date_trunc</c>, the last point is <c>DISTINCT ON (hostname)</c> as in PostgreSQL.
/// </summary>
public sealed class DuckDbSql : SqlDialect
{
    /// <inheritdoc />
    protected override string TimeLiteral(long ns) => $"TIMESTAMP '{IsoMicros(ns)}'";

    /// <inheritdoc />
    protected override string Bucket(long widthNs) => $"date_trunc('{PostgresSql.DateTruncUnit(widthNs)}', time)";

    /// <inheritdoc />
    protected override string Lastpoint(TsbsQuery query) =>
        $"SELECT DISTINCT ON (hostname) hostname, region, datacenter, time, {string.Join(", ", query.Metrics)} " +
        "FROM cpu ORDER BY hostname, time DESC";
}
