using System.Globalization;
using Chronicle.Tsbs.Queries;

namespace Chronicle.Tsbs.Engines.Sqlite;

/// <summary>
/// SQLite's SQL for the TSBS queries. <c>time</c> is an INTEGER of nanoseconds, so a bucket is integer
/// division (<c>time / w * w</c>) and a time literal is a plain integer. The last point uses the
/// (hostname, time) index: for each distinct host, the row of its largest time.
/// </summary>
public sealed class SqliteSql : SqlDialect
{
    /// <inheritdoc />
    protected override string TimeLiteral(long ns) => ns.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override string Bucket(long widthNs) => $"time / {widthNs} * {widthNs}";

    /// <inheritdoc />
    protected override string Lastpoint(TsbsQuery query) =>
        $"SELECT c.hostname, c.region, c.datacenter, c.time, {string.Join(", ", query.Metrics.Select(m => "c." + m))} " +
        "FROM (SELECT DISTINCT hostname FROM cpu) AS h " +
        "JOIN cpu AS c ON c.rowid = (SELECT rowid FROM cpu WHERE hostname = h.hostname ORDER BY time DESC LIMIT 1)";
}
