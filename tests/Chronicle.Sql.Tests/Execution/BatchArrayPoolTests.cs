using Chronicle.Sql.Execution;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>The scan's pool of batch arrays and the lease a batch carries (see also TableScanTests, which release batches mid-scan).</summary>
public class BatchArrayPoolTests
{
    [Fact]
    public void Released_arrays_are_rented_again_and_a_second_release_gives_nothing_back_twice()
    {
        var pool = new BatchArrayPool(16);
        long[] time = pool.RentInt64s();
        double[] values = pool.RentDoubles();
        var lease = new BatchLease(pool, [time], [values]);
        lease.Release();
        lease.Release();

        Assert.Same(time, pool.RentInt64s());
        Assert.Same(values, pool.RentDoubles());
        // the second Release did not push the arrays again: two renters never share one
        Assert.NotSame(time, pool.RentInt64s());
        Assert.NotSame(values, pool.RentDoubles());
    }

    [Fact]
    public void Arrays_of_another_length_are_not_taken()
    {
        var pool = new BatchArrayPool(16);
        pool.Return(new long[8]);
        pool.Return(new double[32]);
        Assert.Equal(16, pool.RentInt64s().Length);
        Assert.Equal(16, pool.RentDoubles().Length);
    }

    [Fact]
    public void The_pool_keeps_a_bounded_number_of_arrays()
    {
        var pool = new BatchArrayPool(4);
        var returned = Enumerable.Range(0, 20).Select(_ => new long[4]).ToList();
        foreach (var a in returned) pool.Return(a);
        var rented = Enumerable.Range(0, 20).Select(_ => pool.RentInt64s()).ToList();
        Assert.InRange(rented.Count(a => returned.Contains(a)), 1, 8);
    }
}

/// <summary>Queries whose operators release scan batches mid-query, over results of several batches per scan.</summary>
public class BatchReleaseQueryTests
{
    private const long T0 = 1_700_000_000_000_000_000, S = 1_000_000_000;
    private const int Hosts = 3, PerHost = 9_000; // three 4,096-row batches per scan

    private static SqlFixture Load()
    {
        var f = new SqlFixture();
        f.Exec("CREATE TABLE t (time TIMESTAMP, host TAG, a DOUBLE)");
        for (int h = 0; h < Hosts; h++)
            for (int from = 0; from < PerHost; from += 1_000)
                f.Exec("INSERT INTO t (time, host, a) VALUES " + string.Join(", ",
                    Enumerable.Range(from, 1_000).Select(i => $"({T0 + i * S + h}, 'h{h}', {Value(h, i)})")));
        f.Engine.FlushAsync().GetAwaiter().GetResult();
        return f;
    }

    private static double Value(int h, int i) => h * 100_000 + i;

    [Fact]
    public void A_time_merge_over_scans_of_several_batches_gives_every_row_in_time_order()
    {
        using var f = Load();
        var rows = f.Rows("SELECT time, host, a FROM t ORDER BY time");
        Assert.Equal(Hosts * PerHost, rows.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            int i = k / Hosts, h = k % Hosts; // host h's sample i is at T0 + i s + h ns
            Assert.Equal(new object?[] { T0 + i * S + h, $"h{h}", Value(h, i) }, rows[k]);
        }
    }

    [Fact]
    public void A_filter_and_an_aggregate_over_released_batches_see_every_row()
    {
        using var f = Load();
        var kept = f.Rows("SELECT host, a FROM t WHERE a >= 100000 AND a < 200000 AND a % 2 = 0");
        Assert.Equal(Enumerable.Range(0, PerHost).Where(i => i % 2 == 0).Select(i => Value(1, i)), kept.Select(r => (double)r[1]!));
        var sums = f.Rows("SELECT host, sum(a), count(a) FROM t WHERE a >= 0 GROUP BY host ORDER BY host");
        for (int h = 0; h < Hosts; h++)
            Assert.Equal(new object?[] { $"h{h}", Enumerable.Range(0, PerHost).Sum(i => Value(h, i)), (long)PerHost }, sums[h]);
    }
}
