using System.Globalization;
using Chronicle.Sql.Execution.Operators;
using Chronicle.Sql.Planning;
using Chronicle.Storage;
using Chronicle.Storage.Reading;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>
/// The dense bucket grid of the pushed-down aggregation (<see cref="BucketGrid"/>) and what it
/// changes around it (existence-only fields whose pieces are skipped, ORDER BY on the group keys
/// without a sort): its bucket arithmetic, and its answers against the row path on data with
/// gaps, NULLs, missing tags, timestamps before 1970, overwrites, and data in segments and the head.
/// </summary>
public class DenseBucketAggregationTests
{
    private const long S = 1_000_000_000;
    private static readonly AggregateSpec Max = new("max", null, 0, false, Sql.Execution.ResultType.Double, "max(v)");

    [Fact]
    public void GridNumbersBucketsFromTheOneHoldingTheRangeStart()
    {
        // Width 60 s, origin 0, range [00:00:30, 00:02:10]: buckets 00:00, 00:01, 00:02.
        var grid = BucketGrid.TryCreate([Max], 1, 30 * S, 130 * S, 60 * S, 0)!;
        Assert.Equal(0, grid.FirstBucket);
        Assert.Equal(3, grid.Buckets);
        Assert.Equal(0, grid.IndexOf(30 * S));
        Assert.Equal(1, grid.IndexOf(119 * S));
        Assert.Equal(2, grid.IndexOf(120 * S));
        Assert.Equal(60 * S, grid.EndOf(0));
        Assert.Equal(long.MaxValue, grid.EndOf(2));
    }

    [Fact]
    public void GridHandlesTimesBeforeTheEpochAndOriginOffsets()
    {
        // Origin 7 s, width 60 s: buckets start at ... -113 s, -53 s, 7 s, 67 s ...
        var grid = BucketGrid.TryCreate([Max], 2, -100 * S, 10 * S, 60 * S, 7 * S)!;
        Assert.Equal(-113 * S, grid.FirstBucket);
        Assert.Equal(3, grid.Buckets);
        Assert.Equal(0, grid.IndexOf(-100 * S));
        Assert.Equal(0, grid.IndexOf(-53 * S - 1));
        Assert.Equal(1, grid.IndexOf(-53 * S));
        Assert.Equal(2, grid.IndexOf(7 * S));
        Assert.Equal(-53 * S, grid.EndOf(0));
    }

    [Fact]
    public void GridIsRefusedForUnboundedTooWideOrEmptyRanges()
    {
        Assert.Null(BucketGrid.TryCreate([Max], 1, long.MinValue, 0, 60 * S, 0));
        Assert.Null(BucketGrid.TryCreate([Max], 1, 0, long.MaxValue, 60 * S, 0));
        Assert.Null(BucketGrid.TryCreate([Max], 1, 0, (long)BucketGrid.MaxBuckets * S, S, 0));                    // one bucket too many
        Assert.NotNull(BucketGrid.TryCreate([Max], 1, 0, (long)BucketGrid.MaxBuckets * S - 1, S, 0));
        Assert.Null(BucketGrid.TryCreate([Max], BucketGrid.MaxSlots / 100 + 1, 0, 99 * S, S, 0));                // rows x buckets
        Assert.Null(BucketGrid.TryCreate([Max], 1, 10, 9, S, 0));
        Assert.Null(BucketGrid.TryCreate([Max], 1, 0, 10, 0, 0));
    }

    [Fact]
    public void AllExistLooksOnlyAtTheBucketsInsideTheRange()
    {
        var grid = BucketGrid.TryCreate([Max], 2, 30 * S, 150 * S, 60 * S, 0)!;   // buckets 0, 1, 2
        Assert.False(grid.AllExist(0, 0, 200 * S));
        grid.Get(0, 1);
        Assert.True(grid.AllExist(0, 60 * S, 119 * S));
        Assert.False(grid.AllExist(0, 60 * S, 120 * S));
        grid.Get(0, 0);
        grid.Get(0, 2);
        Assert.True(grid.AllExist(0, -1000 * S, 1000 * S));  // clipped to the range
        Assert.False(grid.AllExist(1, 60 * S, 61 * S));       // another row
        Assert.Same(grid.Get(0, 2), grid.Get(0, 2));
    }

    private static readonly string[] Templates =
    [
        "SELECT time_bucket('{w}', time) AS bk, max(a), min(b), count(k) FROM d WHERE {range} GROUP BY bk ORDER BY bk",
        "SELECT time_bucket('{w}', time) AS bk, host, avg(a), sum(k), first(b), last(a) FROM d WHERE {range} GROUP BY bk, host ORDER BY bk, host",
        "SELECT host, time_bucket('{w}', time) AS bk, max(a) FROM d WHERE {range} AND host IN ('h0', 'h2') GROUP BY host, bk ORDER BY host, bk",
        "SELECT host, dc, time_bucket('{w}', time) AS bk, count(a), max(b) FROM d WHERE {range} GROUP BY host, dc, bk",
        "SELECT dc, time_bucket('{w}', time, TIMESTAMP '1970-01-01T00:00:07Z') AS bk, min(a), max(time), min(time) FROM d WHERE {range} GROUP BY dc, bk ORDER BY dc, bk",
        "SELECT time_bucket('{w}', time) AS bk, max(a) FROM d WHERE {range} GROUP BY bk ORDER BY bk DESC",
        "SELECT time_bucket('{w}', time) AS bk, dc, last(k) FROM d WHERE {range} GROUP BY bk, dc ORDER BY dc, bk",
        "SELECT time_bucket('{w}', time) AS bk, max(b) FROM d WHERE {range} GROUP BY bk ORDER BY bk DESC LIMIT 3",
        "SELECT time_bucket('{w}', time) AS bk, sum(a) FROM d WHERE {range} GROUP BY bk HAVING count(a) > 2 ORDER BY bk LIMIT 4 OFFSET 1",
    ];

    [Fact]
    public async Task PushdownMatchesTheRowPathOverGapsNullsAndNegativeTimes()
    {
        int seed = Environment.TickCount;
        var rng = new Random(seed);
        using var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ChunkSize = 7 });
        f.Exec("CREATE TABLE d (time TIMESTAMP, host TAG, dc TAG, a DOUBLE, b DOUBLE, k BIGINT)");
        // 3 hosts (h2 without dc) around the epoch: -30 min to +30 min, a sample every 1-20 s, with
        // gaps of several minutes; a and b NULL at random (a missing for a whole stretch of h1).
        long start = -1800 * S;
        for (int round = 0; round < 3; round++)
        {
            var rows = new List<string>();
            for (int h = 0; h < 3; h++)
            {
                long t = start + rng.Next(0, 20) * S;
                while (t < 1800 * S)
                {
                    bool gap = rng.Next(40) == 0;
                    t += gap ? rng.Next(120, 600) * S : rng.Next(1, 21) * S;
                    if (rng.Next(3) != round) continue; // each round writes a third, out of order across rounds
                    string a = rng.Next(6) == 0 || (h == 1 && t > 0 && t < 400 * S) ? "NULL" : Number(rng.NextDouble() * 100);
                    string b = a != "NULL" && rng.Next(4) == 0 ? "NULL" : Number(rng.NextDouble() * 100);
                    string k = rng.Next(5) == 0 ? "NULL" : rng.Next(-50, 50).ToString(CultureInfo.InvariantCulture);
                    string dc = h == 2 ? "NULL" : $"'dc{h % 2}'";
                    rows.Add($"({t}, 'h{h}', {dc}, {a}, {b}, {k})");
                }
            }
            f.Exec("INSERT INTO d (time, host, dc, a, b, k) VALUES " + string.Join(", ", rows));
            if (round < 2) await f.Engine.FlushAsync(); // two rounds in segments, one in the head
        }
        for (int q = 0; q < 60; q++)
        {
            string width = new[] { "1m", "90s", "5m", "13s" }[rng.Next(4)];
            long lo = start + rng.Next(-120, 3700) * S + rng.Next(1000) * 1_000_000L;
            long hi = lo + rng.Next(1, 2400) * S;
            string range = $"time >= {Literal(lo)} AND time < {Literal(hi)}";
            var query = Templates[q % Templates.Length].Replace("{w}", width).Replace("{range}", range);
            Assert.Contains(f.Rows("EXPLAIN " + query), r => ((string)r[0]!).StartsWith("aggregate pushdown: yes"));
            // The same query with a row filter that keeps every row takes the row path.
            var rowQuery = query.Replace("WHERE ", "WHERE (a > 1e300 OR time > -9000000000000000000) AND ");
            PushdownAndExplainTests.AssertSame(f.Rows(rowQuery), f.Rows(query), $"seed {seed}: {query}");
        }
        // No time bound: the range is unbounded, so the dictionary path runs; it must agree too.
        foreach (var template in Templates.Take(3))
        {
            var query = template.Replace("{w}", "5m").Replace("{range}", "host <> 'none'");
            var rowQuery = query.Replace("WHERE ", "WHERE (a > 1e300 OR time > -9000000000000000000) AND ");
            PushdownAndExplainTests.AssertSame(f.Rows(rowQuery), f.Rows(query), $"seed {seed}: {query}");
        }
    }

    [Fact]
    public async Task AFieldNoAggregateReadsStillCreatesBucketsAtTheRangeEdges()
    {
        // Field b has samples in every minute; a only in minute 1. Chunks of 8 samples at 10 s span
        // two minutes, so b's first and last chunks straddle the range edges: they may be skipped only
        // where a group exists already.
        using var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ChunkSize = 8 });
        f.Exec("CREATE TABLE e (time TIMESTAMP, host TAG, a DOUBLE, b DOUBLE)");
        var rows = Enumerable.Range(0, 30).Select(i => $"({i * 10 * S}, 'h', {(i is >= 6 and < 12 ? i.ToString(CultureInfo.InvariantCulture) : "NULL")}, {i})");
        f.Exec("INSERT INTO e VALUES " + string.Join(", ", rows));
        await f.Engine.FlushAsync();
        var result = f.Rows("SELECT time_bucket('1m', time) AS m, max(a) FROM e WHERE time >= 35000000000 AND time < 235000000000 GROUP BY m ORDER BY m");
        Assert.Equal([0L, 60 * S, 120 * S, 180 * S], result.Select(r => (long)r[0]!));
        Assert.Equal([null, 11.0, null, null], result.Select(r => r[1]));
    }

    [Theory]
    [InlineData("SELECT time_bucket('1m', time) AS m, count(a) FROM e GROUP BY m ORDER BY m", "m asc")]
    [InlineData("SELECT time_bucket('1m', time) AS m, count(a) FROM e GROUP BY m ORDER BY m DESC", "m desc")]
    [InlineData("SELECT host, time_bucket('1m', time) AS m, count(a) FROM e GROUP BY host, m ORDER BY host, m", "host asc nulls last, m asc")]
    [InlineData("SELECT host, time_bucket('1m', time) AS m, count(a) FROM e GROUP BY host, m ORDER BY host NULLS FIRST, m", "host asc nulls first, m asc")]
    [InlineData("SELECT time_bucket('1m', time) AS m, count(a) FROM e GROUP BY m ORDER BY m DESC NULLS LAST", "m desc")]
    [InlineData("SELECT host, time_bucket('1m', time) AS m, count(a) FROM e GROUP BY host, m ORDER BY host DESC, m", "host desc, m asc")]
    [InlineData("SELECT host, time_bucket('1m', time) AS m, count(a) FROM e GROUP BY host, m ORDER BY host DESC NULLS LAST, m", "host desc nulls last, m asc")]
    [InlineData("SELECT host, time_bucket('1m', time) AS m, count(a) FROM e GROUP BY host, m ORDER BY m, host", "m asc, host asc nulls last")]
    [InlineData("SELECT time_bucket('1m', time) AS m, host, count(a) FROM e GROUP BY host, m ORDER BY m, host", "m asc, host asc nulls last")]
    public void OrderByOnTheGroupKeysKeepsItsDirectionAndNullPlacement(string query, string expectedOrder)
    {
        using var f = new SqlFixture(new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero, ChunkSize = 8 });
        f.Exec("CREATE TABLE e (time TIMESTAMP, host TAG, a DOUBLE, b DOUBLE)");
        // Hosts h1, h0 and a row without a host, 5 minutes each, written newest first.
        var rows = Enumerable.Range(0, 30).Reverse().Select(i => $"({i * 10 * S}, {(i % 3 == 2 ? "NULL" : $"'h{i % 3}'")}, {i}, {i})");
        f.Exec("INSERT INTO e (time, host, a, b) VALUES " + string.Join(", ", rows));
        // Unbounded (the dictionary path), the row path, and a bounded range (the grid, whose groups
        // go to the table already in key order when the bucket is the first or the last key).
        foreach (var path in new[] { query, query.Replace(" FROM e", " FROM e WHERE a > 1e300 OR time >= 0"), query.Replace(" FROM e", " FROM e WHERE time >= 0 AND time < 300000000000") })
        {
            var result = f.Rows(path);
            Assert.Equal(query.Contains("host") ? 15 : 5, result.Count);
            var keys = result.Select(r => (Host: r.FirstOrDefault(v => v is string or null) as string, Minute: (long)r.First(v => v is long)!)).ToList();
            for (int i = 1; i < keys.Count; i++)
                Assert.True(InOrder(keys[i - 1], keys[i], expectedOrder) <= 0, $"{path}: row {i} {keys[i]} after {keys[i - 1]}");
        }
    }

    [Fact]
    public void GroupsAddedInKeyOrderAreFoundAndEmittedWithoutASort()
    {
        var table = new GroupTable([Max], [Sql.Execution.ResultType.VarChar, Sql.Execution.ResultType.BigInt]);
        var columns = GroupTable.OutputColumns([new BoundConstant(null, Sql.Execution.ResultType.VarChar), new BoundConstant(null, Sql.Execution.ResultType.BigInt)], [Max]);
        var first = new Sql.Execution.Accumulator[] { Sql.Execution.Accumulator.Create(Max) };
        var second = new Sql.Execution.Accumulator[] { Sql.Execution.Accumulator.Create(Max) };
        table.AddInKeyOrder(["a", 1L], first);
        table.AddInKeyOrder(["a", 2L], second);
        // Not hashed when added, but found by a lookup afterwards (no duplicate group is created).
        Assert.True(table.Contains(["a", 2L]));
        Assert.Same(first, table.Get(["a", 1L]));
        Assert.Equal(2, table.Count);
        Assert.Equal([("a", 1L), ("a", 2L)], Keys(table.Emit(columns)));
        // A group added out of order through Get makes Emit sort again.
        table.Get(["a", 0L]);
        Assert.Equal([("a", 0L), ("a", 1L), ("a", 2L)], Keys(table.Emit(columns)));

        static List<(string, long)> Keys(List<Sql.Execution.ColumnBatch> batches) =>
            batches.SelectMany(b => Enumerable.Range(0, b.RowCount).Select(i => ((string)b.Columns[0].GetValue(i)!, (long)b.Columns[1].GetValue(i)!))).ToList();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void AGridCopiesItsGroupsInTheTablesKeyOrder(int bucketSlot)
    {
        // Rows whose tag keys are out of order (and one NULL, which sorts last), buckets filled sparsely:
        // the table filled in key order must emit what a table that sorts emits.
        object?[][] rowKeys = bucketSlot == 0
            ? [[null, "h1", "x"], [null, null, "x"], [null, "h0", "y"], [null, "h0", "x"]]
            : [["h1", "x", null], [null, "x", null], ["h0", "y", null], ["h0", "x", null]];
        var count = new AggregateSpec("count", null, 0, false, Sql.Execution.ResultType.BigInt, "count(v)");
        var grid = BucketGrid.TryCreate([count], rowKeys.Length, 0, 299 * S, 60 * S, 0)!;
        int[][] filled = [[4, 0], [2], [1, 3, 0], [0, 4]];
        for (int r = 0; r < rowKeys.Length; r++)
            foreach (int b in filled[r]) grid.Get(r, b)[0].AddRange(null!, 0, r * 10 + b + 1, null!);   // a count telling each group apart
        var keyTypes = new[] { Sql.Execution.ResultType.VarChar, Sql.Execution.ResultType.VarChar, Sql.Execution.ResultType.VarChar };
        keyTypes[bucketSlot] = Sql.Execution.ResultType.BigInt;
        var columns = GroupTable.OutputColumns(keyTypes.Select(t => (BoundExpr)new BoundConstant(null, t)).ToList(), [count]);
        var inOrder = new GroupTable([count], keyTypes);
        grid.CopyTo(inOrder, rowKeys, bucketSlot);
        var sorted = new GroupTable([count], keyTypes);
        sorted.Get([null, null, null]);   // a group first, so CopyTo takes the general path and Emit sorts
        grid.CopyTo(sorted, rowKeys, bucketSlot);
        var expected = Rows(sorted.Emit(columns)).Where(r => r != "NULL|NULL|NULL|0").ToList();
        Assert.Equal(8, expected.Count);
        Assert.Equal(expected, Rows(inOrder.Emit(columns)));
        // Emitted straight from the grid (no table): the same rows.
        Assert.Equal(expected, Rows(grid.EmitInKeyOrder(rowKeys, bucketSlot, columns)!));

        static List<string> Rows(List<Sql.Execution.ColumnBatch> batches) =>
            batches.SelectMany(b => Enumerable.Range(0, b.RowCount)
                .Select(i => string.Join("|", Enumerable.Range(0, b.Columns.Count).Select(c => b.Columns[c].GetValue(i) ?? "NULL"))))
                .ToList();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void AGridEmitsMoreGroupsThanABatchInBatchesAsTheTableDoes(int bucketSlot)
    {
        // Two rows (tag keys out of order) x 4,100 buckets, one empty bucket each: 8,198 groups, three batches.
        object?[][] rowKeys = bucketSlot == 0 ? [[null, "b"], [null, "a"]] : [["b", null], ["a", null]];
        var grid = BucketGrid.TryCreate([Max], 2, 0, 4099 * S, S, 0)!;
        for (int r = 0; r < 2; r++)
            for (int b = 0; b < 4100; b++)
                if (b != 7 * (r + 1))
                {
                    double v = r * 10_000 + b;   // telling each group apart
                    grid.Get(r, b)[0].AddSummary(new ChunkSummary(b * S, b * S, 1, v, v, v, BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(v)), FieldType.Double);
                }
        var keyTypes = new[] { Sql.Execution.ResultType.VarChar, Sql.Execution.ResultType.VarChar };
        keyTypes[bucketSlot] = Sql.Execution.ResultType.Timestamp;
        var columns = GroupTable.OutputColumns(keyTypes.Select(t => (BoundExpr)new BoundConstant(null, t)).ToList(), [Max]);
        var table = new GroupTable([Max], keyTypes);
        grid.CopyTo(table, rowKeys, bucketSlot);
        var expected = table.Emit(columns);
        var emitted = grid.EmitInKeyOrder(rowKeys, bucketSlot, columns)!;
        Assert.Equal([Operator.BatchSize, Operator.BatchSize, 8198 - 2 * Operator.BatchSize], emitted.Select(b => b.RowCount));
        Assert.Equal(expected.Select(b => b.RowCount), emitted.Select(b => b.RowCount));
        for (int i = 0; i < expected.Count; i++)
            for (int c = 0; c < columns.Length; c++)
                for (int row = 0; row < expected[i].RowCount; row++)
                    Assert.Equal(expected[i].Columns[c].GetValue(row), emitted[i].Columns[c].GetValue(row));
    }

    /// <summary>Compares two (host, minute) keys by an order such as "host desc, m asc" (NULLs as in PostgreSQL: last for ASC, first for DESC, unless stated).</summary>
    private static int InOrder((string? Host, long Minute) x, (string? Host, long Minute) y, string order)
    {
        foreach (var term in order.Split(", "))
        {
            bool desc = term.Contains("desc");
            if (!term.StartsWith('m') && (x.Host is null || y.Host is null))
            {
                if (x.Host is null && y.Host is null) continue;
                bool nullsFirst = term.Contains("nulls first") || (desc && !term.Contains("nulls last"));
                return (x.Host is null) == nullsFirst ? -1 : 1;
            }
            int c = term.StartsWith('m') ? x.Minute.CompareTo(y.Minute) : string.CompareOrdinal(x.Host, y.Host);
            if (c != 0) return desc ? -c : c;
        }
        return 0;
    }

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Literal(long ns) =>
        "'" + DateTime.UnixEpoch.AddTicks(Math.DivRem(ns, 100, out long rem) - (rem < 0 ? 1 : 0)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) + "'";
}
