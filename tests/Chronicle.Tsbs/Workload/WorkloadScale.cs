namespace Chronicle.Tsbs.Workload;

/// <summary>
/// The size of a TSBS cpu-only data set: how many hosts report, and for how long. Every host
/// reports one row of 10 fields (10 samples) every <see cref="CpuWorkload.IntervalNs"/>.
/// </summary>
/// <param name="Name">The name used on the command line (<c>small</c>, <c>100x12h</c>, <c>1000x24h</c>).</param>
/// <param name="Hosts">Number of hosts (series groups), at least 1.</param>
/// <param name="DurationNs">Length of the data set in nanoseconds, a positive multiple of the interval.</param>
public sealed record WorkloadScale(string Name, int Hosts, long DurationNs)
{
    private const long HourNs = 3_600_000_000_000;

    /// <summary>10 hosts x 12 h: 43,200 rows, 432,000 samples. Used by <c>--check</c>.</summary>
    public static WorkloadScale Small { get; } = new("small", 10, 12 * HourNs);

    /// <summary>100 hosts x 12 h: 432,000 rows, 4.32 M samples.</summary>
    public static WorkloadScale Medium { get; } = new("100x12h", 100, 12 * HourNs);

    /// <summary>1,000 hosts x 24 h: 8.64 M rows, 86.4 M samples.</summary>
    public static WorkloadScale Large { get; } = new("1000x24h", 1000, 24 * HourNs);

    /// <summary>Rows per host: duration / interval.</summary>
    public long RowsPerHost => DurationNs / CpuWorkload.IntervalNs;

    /// <summary>Total rows of the data set (hosts x rows per host).</summary>
    public long Rows => RowsPerHost * Hosts;

    /// <summary>Total samples of the data set (rows x 10 fields).</summary>
    public long Samples => Rows * CpuRow.FieldCount;

    /// <summary>
    /// Resolves a scale by name: one of the three named scales, or <c>&lt;hosts&gt;x&lt;hours&gt;h</c>
    /// (for example <c>20x2h</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The name is neither a known scale nor of the form <c>NxMh</c>.</exception>
    public static WorkloadScale Parse(string name)
    {
        foreach (var known in new[] { Small, Medium, Large })
        {
            if (string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        var parts = name.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && parts[1].EndsWith('h')
            && int.TryParse(parts[0], out var hosts) && hosts > 0
            && int.TryParse(parts[1][..^1], out var hours) && hours > 0)
        {
            return new WorkloadScale(name, hosts, hours * HourNs);
        }

        throw new ArgumentException(
            $"Unknown scale '{name}'. Use small, 100x12h, 1000x24h, or <hosts>x<hours>h such as 20x2h.", nameof(name));
    }
}
