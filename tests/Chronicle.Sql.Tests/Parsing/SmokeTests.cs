using Chronicle.Sql;
using Chronicle.Sql.Parsing;
using Xunit.Abstractions;

namespace Chronicle.Sql.Tests.Parsing;

public class SmokeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("SELECT * FROM cpu")]
    [InlineData("SELECT host, avg(usage) AS u FROM cpu WHERE time > now() - INTERVAL '1 hour' AND host IN ('a','b') GROUP BY host SAMPLE BY 5m ORDER BY u DESC LIMIT 10")]
    [InlineData("select a + b * c - -5 from t where x between 1 and 2 or not y like 'a%' and z is not null")]
    [InlineData("CREATE TABLE IF NOT EXISTS cpu (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, count BIGINT, up BOOLEAN, note VARCHAR) WITH (retention = '30d', shard_duration = '1d')")]
    [InlineData("INSERT INTO cpu (time, host, usage) VALUES (@t, 'a', 1.5), ($1, ?, ?)")]
    [InlineData("SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY usage) FROM cpu")]
    [InlineData("COPY (SELECT * FROM cpu) TO 'x.arrow' (FORMAT ARROW); COPY cpu FROM 'a.csv' (FORMAT CSV)")]
    [InlineData("SELECT x::double, CAST(y AS BIGINT) FROM t")]
    public void Parses(string sql)
    {
        foreach (var s in SqlParser.ParseScript(sql)) output.WriteLine(s.ToString());
    }

    [Theory]
    [InlineData("SELECT host FORM cpu")]
    [InlineData("SELECT * FORM cpu")]
    [InlineData("SELECT FROM cpu")]
    [InlineData("SELECT a + FROM cpu")]
    [InlineData("SELEC * FROM cpu")]
    [InlineData("SELECT a FROM cpu WHERE")]
    [InlineData("SELECT a b c FROM cpu")]
    public void Fails(string sql)
    {
        var e = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseScript(sql));
        output.WriteLine(e.Message);
    }
}
