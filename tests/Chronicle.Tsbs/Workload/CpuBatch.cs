namespace Chronicle.Tsbs.Workload;

/// <summary>
/// A column-major batch of cpu rows, filled by <see cref="CpuWorkload.Batches"/>. The same instance
/// is refilled for every batch: copy what you need before asking for the next one.
/// </summary>
public sealed class CpuBatch
{
    /// <summary>Creates an empty batch that holds up to <paramref name="capacity"/> rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public CpuBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        TimeNs = new long[capacity];
        HostIndex = new int[capacity];
        Fields = new double[CpuRow.FieldCount][];
        for (var f = 0; f < Fields.Length; f++)
        {
            Fields[f] = new double[capacity];
        }
    }

    /// <summary>Number of valid rows, from index 0.</summary>
    public int Count { get; internal set; }

    /// <summary>Maximum number of rows.</summary>
    public int Capacity => TimeNs.Length;

    /// <summary>Row timestamps, nanoseconds since the Unix epoch, UTC.</summary>
    public long[] TimeNs { get; }

    /// <summary>Row host indexes; the tags are <see cref="CpuWorkload.Hosts"/>[index].</summary>
    public int[] HostIndex { get; }

    /// <summary><c>Fields[f][i]</c> is field <c>f</c> (in <see cref="CpuRow.FieldNames"/> order) of row <c>i</c>.</summary>
    public double[][] Fields { get; }
}
