using Chronicle.Storage;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>
/// The TSBS lastpoint shape (<c>max(time), last(field)</c> per tag set) answered by the newest-only
/// pushdown, against the row path and against the known newest row, where taking the newest chunk
/// or its summary alone would be wrong: overwrites, out-of-order samples, deletes, head-only data,
/// retention.
/// </summary>
public class LastpointTests
{
    private static readonly long T0 = SqlFixture.Ns("2024-01-01T00:00:00Z");
    private const long S = 1_000_000_000;

    private const string Query = "SELECT host, region, max(time) AS time, last(a) AS a, last(b) AS b FROM t GROUP BY host, region";
    // An OR that keeps every row leaves a row filter, which forces the row path.
    private const string RowQuery = "SELECT host, region, max(time) AS time, last(a) AS a, last(b) AS b FROM t WHERE a > 1e300 OR time >= 0 GROUP BY host, region";

    private static SqlFixture Fixture(string with = "")
    {
        var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ChunkSize = 8, SegmentChunkSize = 8 });
        f.Exec("CREATE TABLE t (time TIMESTAMP, host TAG, region TAG, a DOUBLE, b DOUBLE)" + with);
        return f;
    }

    private static void Insert(SqlFixture f, string host, IEnumerable<int> seconds, Func<int, double> value) =>
        f.Exec("INSERT INTO t VALUES " + string.Join(", ", seconds.Select(s =>
            $"({T0 + s * S}, '{host}', 'eu', {value(s).ToString(System.Globalization.CultureInfo.InvariantCulture)}, {(s * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)})")));

    /// <summary>The pushdown's rows after checking that it is used and agrees with the row path.</summary>
    private static List<object?[]> Lastpoint(SqlFixture f, string step)
    {
        Assert.Contains(f.Rows("EXPLAIN " + Query), r => ((string)r[0]!).StartsWith("aggregate pushdown: yes"));
        var rows = f.Rows(Query);
        PushdownAndExplainTests.AssertSame(f.Rows(RowQuery), rows, step);
        return rows;
    }

    private static object? A(List<object?[]> rows, string host) => rows.Single(r => (string?)r[0] == host)[3];

    [Fact]
    public async Task LastpointFollowsOverwritesOutOfOrderSamplesAndDeletesAcrossHeadAndSegments()
    {
        using var f = Fixture();
        Insert(f, "h0", Enumerable.Range(0, 100), s => s);
        Insert(f, "h1", Enumerable.Range(0, 100), s => 1000 + s);
        Insert(f, "h2", Enumerable.Range(0, 30), s => 2000 + s);
        Insert(f, "h3", Enumerable.Range(0, 100), s => 3000 + s);
        Assert.Equal(99.0, A(Lastpoint(f, "head only"), "h0"));
        await f.Engine.FlushAsync();
        var rows = Lastpoint(f, "flushed");
        Assert.Equal(99.0, A(rows, "h0"));
        Assert.Equal(1099.0, A(rows, "h1"));

        Insert(f, "h0", [99], _ => -1);        // overwrite of the segment's newest sample, in the head
        Insert(f, "h1", [95], _ => -5);        // out of order: inside the segment's newest chunk
        Insert(f, "h2", [40, 35], s => -s);    // newer head data, then an out-of-order sample before it
        rows = Lastpoint(f, "overwrites in the head");
        Assert.Equal(-1.0, A(rows, "h0"));
        Assert.Equal(1099.0, A(rows, "h1"));
        Assert.Equal(-40.0, A(rows, "h2"));
        Insert(f, "h2", [40], _ => -41);       // overwrite of the head's newest sample
        Assert.Equal(-41.0, A(Lastpoint(f, "overwrite of the head's newest"), "h2"));

        f.Exec($"DELETE FROM t WHERE host = 'h1' AND time >= {T0 + 97 * S}");
        f.Exec($"DELETE FROM t WHERE host = 'h2' AND time >= {T0 + 36 * S}");
        f.Exec($"DELETE FROM t WHERE host = 'h3' AND time >= {T0 + 98 * S}"); // only a tombstone over the segment's newest chunk
        rows = Lastpoint(f, "deleted newest samples");
        Assert.Equal(1096.0, A(rows, "h1"));
        Assert.Equal(-35.0, A(rows, "h2"));
        Assert.Equal(3097.0, A(rows, "h3"));

        await f.Engine.FlushAsync();
        rows = Lastpoint(f, "flushed again");
        Assert.Equal(-1.0, A(rows, "h0"));
        Assert.Equal(1096.0, A(rows, "h1"));
        await f.Engine.CompactAsync();
        rows = Lastpoint(f, "compacted");
        Assert.Equal(-1.0, A(rows, "h0"));
        Assert.Equal(1096.0, A(rows, "h1"));
        Assert.Equal(-35.0, A(rows, "h2"));
        Assert.Equal(3097.0, A(rows, "h3"));
    }

    [Fact]
    public async Task LastpointIgnoresSamplesPastTheRetention()
    {
        using var f = Fixture(" WITH (retention = '1d', shard_duration = '1h')");
        Insert(f, "h0", Enumerable.Range(0, 20), s => s); // 2024: long expired
        Assert.Empty(Lastpoint(f, "head"));
        await f.Engine.FlushAsync();
        Assert.Empty(Lastpoint(f, "flushed"));
        long recent = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000) * 1_000_000;
        f.Exec($"INSERT INTO t VALUES ({recent}, 'h0', 'eu', 7, 8)");
        Assert.Equal(7.0, A(Lastpoint(f, "one recent sample"), "h0"));
    }
}
