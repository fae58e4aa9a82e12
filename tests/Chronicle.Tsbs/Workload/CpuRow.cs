namespace Chronicle.Tsbs.Workload;

/// <summary>The names and count of the TSBS cpu-only fields, in TSBS order.</summary>
public static class CpuRow
{
    /// <summary>Number of DOUBLE fields per row (10).</summary>
    public const int FieldCount = 10;

    /// <summary>
    /// The field (column) names in TSBS order; TSBS's "first N metrics" are the first N of this list
    /// (timescale/tsbs cmd/tsbs_generate_queries/uses/devops/common.go, <c>cpuMetrics</c>).
    /// </summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait",
        "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice",
    ];

    /// <summary>The tag (column) names: hostname, region, datacenter.</summary>
    public static IReadOnlyList<string> TagNames { get; } = ["hostname", "region", "datacenter"];
}
