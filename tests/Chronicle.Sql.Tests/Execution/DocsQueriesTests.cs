using Chronicle.Sql.Execution;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>The statements of docs/sql.md that touch the cpu table execute (not only parse).</summary>
public class DocsQueriesTests
{
    [Fact]
    public void DocumentedStatementsExecute()
    {
        using var f = new SqlFixture();
        f.Exec("""
            CREATE TABLE IF NOT EXISTS cpu (
                time   TIMESTAMP,
                host   TAG,
                region TAG,
                usage  DOUBLE,
                count  BIGINT,
                up     BOOLEAN,
                note   VARCHAR
            ) WITH (retention = '36500d', shard_duration = '1d'); -- docs use 30d; 2024 rows must survive here
            INSERT INTO cpu (time, host, usage) VALUES
                ('2024-01-01T00:00:00Z', 'web-1', 12.5),
                ('2024-01-01T00:00:10Z', 'web-1', 13.0);
            INSERT INTO cpu VALUES ('2024-01-01T00:00:00Z', 'web-2', 'eu', 40.0, 3, TRUE, NULL);
            """);
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES (@time, @host, @usage)",
            new SqlParameters().Add("time", DateTime.UtcNow).Add("host", "web-3").Add("usage", 99.0));
        string[] queries =
        [
            "SELECT * FROM cpu",
            "SELECT host, usage AS u, usage * 100 pct FROM cpu WHERE host IN ('web-1', 'web-2') ORDER BY time DESC LIMIT 10",
            "SELECT DISTINCT host FROM cpu",
            "SELECT host, avg(usage) AS mean, max(usage), count(*) FROM cpu WHERE time >= now() - INTERVAL '1 hour' GROUP BY host HAVING avg(usage) > 50 ORDER BY mean DESC",
            "SELECT time_bucket('5m', time) AS bucket, host, avg(usage) FROM cpu WHERE time BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-02T00:00:00Z' GROUP BY bucket, host ORDER BY bucket",
            "SELECT host, avg(usage) FROM cpu GROUP BY host SAMPLE BY 5m",
            "SELECT time_bucket('1 month', time) AS month, host, avg(usage) FROM cpu GROUP BY month, host ORDER BY month",
            "SELECT time_bucket(INTERVAL '3 months', time) AS quarter, max(usage) FROM cpu GROUP BY quarter",
            "SELECT avg(usage) FROM cpu SAMPLE BY 1y",
            "SELECT percentile_cont(usage, 0.9), percentile_cont(0.99) WITHIN GROUP (ORDER BY usage) FROM cpu",
            "SELECT c.host, c.usage FROM cpu AS c WHERE c.usage IS NOT NULL LIMIT 2 OFFSET 1",
            "SELECT now()",
            "SELECT * FROM cpu WHERE time > now() - INTERVAL '1 hour'",
            "SELECT * FROM cpu WHERE time > now() - 1h30m AND time <= TIMESTAMP '2030-01-01T00:00:00Z'",
            "SELECT date_bin('15m', time, '2024-01-01T00:00:00Z') AS b, last(usage) FROM cpu GROUP BY b",
            "SELECT count(DISTINCT host) FROM cpu",
            "EXPLAIN SELECT host, avg(usage) FROM cpu GROUP BY host",
            "EXPLAIN ANALYZE SELECT count(*) FROM cpu",
            "DESC cpu",
            // README.md
            "SELECT time_bucket('5m', time) AS bucket, host, avg(usage) AS usage FROM cpu WHERE time > now() - INTERVAL '1 hour' AND region = 'eu' GROUP BY bucket, host ORDER BY bucket",
            "SELECT host, max(usage) FROM cpu WHERE time BETWEEN '2026-01-01' AND '2026-01-02' GROUP BY host",
            "SELECT * FROM cpu WHERE host IN ('web-1', 'web-2') ORDER BY time DESC LIMIT 10",
            "EXPLAIN SELECT avg(usage) FROM cpu SAMPLE BY 1h",
        ];
        foreach (var q in queries) f.Query(q);
        Assert.Equal(["web-2", 40.0, 3L, true], Assert.Single(f.Rows("SELECT host, usage, count, up FROM cpu WHERE region = 'eu'")));
        Assert.Equal(["web-3", 99.0], Assert.Single(f.Rows("SELECT host, avg(usage) AS mean FROM cpu WHERE time >= now() - INTERVAL '1 hour' GROUP BY host HAVING avg(usage) > 50 ORDER BY mean DESC")));
        Assert.Equal(1, f.Exec("DELETE FROM cpu WHERE host = 'web-1' AND time < TIMESTAMP '2024-01-01T00:00:05Z'")); // one series: web-1 has only usage
        Assert.Equal(1L, f.Scalar("SELECT count(*) FROM cpu WHERE host = 'web-1'"));
    }
}
