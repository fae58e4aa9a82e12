namespace Chronicle.Sql.Execution;

/// <summary>
/// The time and value arrays of one scan's batches, handed back for the next batch once the
/// consumer is done with a batch (<see cref="BatchLease.Release"/>). A 10-million-row export
/// otherwise allocates and collects 16 bytes per row for arrays that live one batch each.
/// </summary>
/// <remarks>
/// Only a consumer that drops every reference to a batch's arrays may release it: the Arrow export
/// after writing the batch, the data reader when it moves past it. A batch that reaches the user
/// (Arrow record batches enumerated in process) is never released, and its arrays are simply not
/// reused. Arrays are rented with <see cref="GC.AllocateUninitializedArray{T}(int, bool)"/>
/// contents: the builder writes every row before a batch is built. Thread-safe (a lock per call),
/// so a batch released on another thread than the scan's is fine.
/// </remarks>
internal sealed class BatchArrayPool
{
    /// <summary>Arrays of each type kept for reuse; more are left to the garbage collector.</summary>
    private const int MaxKept = 8;

    private readonly Lock _gate = new();
    private readonly Stack<long[]> _int64s = new();
    private readonly Stack<double[]> _doubles = new();

    /// <summary>Creates a pool of arrays of <paramref name="length"/> elements.</summary>
    public BatchArrayPool(int length) => Length = length;

    /// <summary>The length of every array the pool hands out.</summary>
    public int Length { get; }

    /// <summary>A <see cref="Length"/>-element array with undefined contents.</summary>
    public long[] RentInt64s()
    {
        lock (_gate)
        {
            if (_int64s.TryPop(out var array)) return array;
        }
        return GC.AllocateUninitializedArray<long>(Length);
    }

    /// <summary>A <see cref="Length"/>-element array with undefined contents.</summary>
    public double[] RentDoubles()
    {
        lock (_gate)
        {
            if (_doubles.TryPop(out var array)) return array;
        }
        return GC.AllocateUninitializedArray<double>(Length);
    }

    /// <summary>Takes back an array rented from this pool that nothing references any more (ignores null).</summary>
    public void Return(long[]? array)
    {
        if (array is null || array.Length != Length) return;
        lock (_gate)
        {
            if (_int64s.Count < MaxKept) _int64s.Push(array);
        }
    }

    /// <summary>Takes back an array rented from this pool that nothing references any more (ignores null).</summary>
    public void Return(double[]? array)
    {
        if (array is null || array.Length != Length) return;
        lock (_gate)
        {
            if (_doubles.Count < MaxKept) _doubles.Push(array);
        }
    }
}

/// <summary>
/// The pooled arrays a batch is built on, returned to their <see cref="BatchArrayPool"/> by
/// <see cref="Release"/>. Carried by <see cref="ColumnBatch.Lease"/> from the scan through the
/// operators that only re-wrap vectors (projection, hidden-column trim).
/// </summary>
internal sealed class BatchLease(BatchArrayPool pool, long[]?[] int64s, double[]?[] doubles)
{
    private int _released;

    /// <summary>
    /// Gives the arrays back for later batches. The caller guarantees that nothing reads the batch
    /// (or any batch derived from it) afterwards. Only the first call has an effect.
    /// </summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        foreach (var a in int64s) pool.Return(a);
        foreach (var a in doubles) pool.Return(a);
    }
}
