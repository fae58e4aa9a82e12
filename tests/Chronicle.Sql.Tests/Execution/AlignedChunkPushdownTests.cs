using System.Globalization;
using System.Text.RegularExpressions;
using Chronicle.Storage;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>
/// With the default settings, 10-second data is flushed into chunks aligned to whole hours, so
/// the TSBS shape of query (an aggregate per hourly bucket, as cpu-max-all-8 and double-groupby-1)
/// is answered from chunk summaries alone: no sample is decoded.
/// </summary>
public class AlignedChunkPushdownTests
{
    private static readonly long T0 = SqlFixture.Ns("2024-01-01T00:00:00Z");
    private const long S = 1_000_000_000;
    private const int Hosts = 2, Samples = 6 * 360; // 6 hours at 10 s

    private static SqlFixture Load()
    {
        var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero });
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, hostname TAG, usage_user DOUBLE)");
        for (int h = 0; h < Hosts; h++)
            foreach (var part in Enumerable.Range(0, Samples).Chunk(500))
                f.Exec("INSERT INTO cpu VALUES " + string.Join(", ", part.Select(i => $"({T0 + i * 10 * S}, 'host_{h}', {Value(h, i).ToString(CultureInfo.InvariantCulture)})")));
        f.Engine.FlushAsync().GetAwaiter().GetResult();
        return f;
    }

    private static double Value(int host, int i) => host * 1000 + Math.Sin(i * 0.1) * 50 + i * 0.001;

    [Theory]
    [InlineData("1h")]
    [InlineData("2h")]
    public void Hourly_buckets_on_ten_second_data_are_answered_from_chunk_summaries(string bucket)
    {
        using var f = Load();
        string query = $"SELECT time_bucket('{bucket}', time) AS b, hostname, max(usage_user), count(usage_user) FROM cpu GROUP BY b, hostname ORDER BY hostname, b";
        var plan = f.Rows("EXPLAIN ANALYZE " + query).Select(r => (string)r[0]!).ToList();
        var chunks = plan.Single(l => l.StartsWith("chunks:"));
        Assert.Matches($@"^chunks: 0 decoded, {Hosts * 6} summarized, .*samples decoded: 0$", chunks);

        int hours = int.Parse(bucket[..^1], CultureInfo.InvariantCulture);
        var rows = f.Rows(query);
        Assert.Equal(Hosts * 6 / hours, rows.Count);
        int r = 0;
        for (int h = 0; h < Hosts; h++)
        {
            for (int b = 0; b < 6 / hours; b++, r++)
            {
                var range = Enumerable.Range(b * 360 * hours, 360 * hours);
                Assert.Equal($"host_{h}", rows[r][1]);
                Assert.Equal(range.Max(i => Value(h, i)), Convert.ToDouble(rows[r][2], CultureInfo.InvariantCulture));
                Assert.Equal(360L * hours, Convert.ToInt64(rows[r][3], CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void A_bucket_narrower_than_a_chunk_decodes_it()
    {
        using var f = Load();
        var plan = f.Rows("EXPLAIN ANALYZE SELECT time_bucket('30m', time) AS b, max(usage_user) FROM cpu GROUP BY b").Select(r => (string)r[0]!).ToList();
        var chunks = plan.Single(l => l.StartsWith("chunks:"));
        Assert.Equal(Hosts * Samples, long.Parse(Regex.Match(chunks, @"samples decoded: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture));
    }
}
