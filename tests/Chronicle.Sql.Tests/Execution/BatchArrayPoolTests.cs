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
