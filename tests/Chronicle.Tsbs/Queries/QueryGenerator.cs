using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Queries;

/// <summary>
/// Draws one instance of each TSBS devops query, deterministically from a seed, within the data's
/// time range. Follows timescale/tsbs cmd/tsbs_generate_queries/uses/devops: random hosts are a
/// duplicate-free draw (<c>getRandomSubsetPerm</c>); a window of duration D starts at a uniformly
/// random point of [start, end - D] (<c>RandWindow</c>). Two deliberate differences: windows start on
/// a whole second (TSBS draws a nanosecond; our engines store microseconds or nanoseconds, and a whole
/// second keeps every engine's boundary identical), and a window longer than the data set is
/// clamped to the whole data set (TSBS refuses; the <c>small</c> scale needs it).
/// </summary>
public static class QueryGenerator
{
    /// <summary>The TSBS names this suite runs, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "single-groupby-1-1-1", "single-groupby-1-1-12", "single-groupby-5-8-1",
        "cpu-max-all-1", "cpu-max-all-8", "double-groupby-1", "double-groupby-all",
        "high-cpu-1", "high-cpu-all", "lastpoint", "groupby-orderby-limit",
    ];

    /// <summary>Generates every query of <see cref="Names"/> for <paramref name="workload"/>.</summary>
    /// <exception cref="ArgumentException">The workload has fewer than 8 hosts (single-groupby-5-8-1 and cpu-max-all-8 need 8).</exception>
    public static IReadOnlyList<TsbsQuery> Generate(CpuWorkload workload, int seed)
    {
        if (workload.Scale.Hosts < 8)
        {
            throw new ArgumentException($"The TSBS queries need at least 8 hosts; scale '{workload.Scale.Name}' has {workload.Scale.Hosts}.", nameof(workload));
        }

        var random = new Random(seed);
        var all = CpuRow.FieldNames;
        var none = Array.Empty<string>();
        var queries = new List<TsbsQuery>
        {
            SingleGroupby(workload, random, metrics: 1, hosts: 1, hours: 1),
            SingleGroupby(workload, random, metrics: 1, hosts: 1, hours: 12),
            SingleGroupby(workload, random, metrics: 5, hosts: 8, hours: 1),
            MaxAll(workload, random, hosts: 1),
            MaxAll(workload, random, hosts: 8),
        };

        var (s1, e1) = Window(workload, random, 12 * TsbsQuery.HourNs);
        queries.Add(new TsbsQuery("double-groupby-1", QueryKind.DoubleGroupby, none, s1, e1, all.Take(1).ToArray(), TsbsQuery.HourNs));
        var (s2, e2) = Window(workload, random, 12 * TsbsQuery.HourNs);
        queries.Add(new TsbsQuery("double-groupby-all", QueryKind.DoubleGroupby, none, s2, e2, all, TsbsQuery.HourNs));

        var hosts = RandomHosts(workload, random, 1);
        var (s3, e3) = Window(workload, random, 12 * TsbsQuery.HourNs);
        queries.Add(new TsbsQuery("high-cpu-1", QueryKind.HighCpu, hosts, s3, e3, all, 0));
        var (s4, e4) = Window(workload, random, 12 * TsbsQuery.HourNs);
        queries.Add(new TsbsQuery("high-cpu-all", QueryKind.HighCpu, none, s4, e4, all, 0));

        queries.Add(new TsbsQuery("lastpoint", QueryKind.Lastpoint, none, CpuWorkload.StartNs, workload.EndNs, all, 0));

        var (_, e5) = Window(workload, random, TsbsQuery.HourNs);
        queries.Add(new TsbsQuery("groupby-orderby-limit", QueryKind.GroupbyOrderbyLimit, none, CpuWorkload.StartNs, e5, all.Take(1).ToArray(), TsbsQuery.MinuteNs));
        return queries;
    }

    private static TsbsQuery SingleGroupby(CpuWorkload workload, Random random, int metrics, int hosts, int hours)
    {
        // TSBS GroupByTime draws the window first, then the hosts.
        var (start, end) = Window(workload, random, hours * TsbsQuery.HourNs);
        var hostnames = RandomHosts(workload, random, hosts);
        return new TsbsQuery($"single-groupby-{metrics}-{hosts}-{hours}", QueryKind.SingleGroupby, hostnames, start, end,
            CpuRow.FieldNames.Take(metrics).ToArray(), TsbsQuery.MinuteNs);
    }

    private static TsbsQuery MaxAll(CpuWorkload workload, Random random, int hosts)
    {
        var (start, end) = Window(workload, random, 8 * TsbsQuery.HourNs);
        var hostnames = RandomHosts(workload, random, hosts);
        return new TsbsQuery($"cpu-max-all-{hosts}", QueryKind.CpuMaxAll, hostnames, start, end, CpuRow.FieldNames, TsbsQuery.HourNs);
    }

    private static (long Start, long End) Window(CpuWorkload workload, Random random, long durationNs)
    {
        const long SecondNs = 1_000_000_000;
        var span = workload.Scale.DurationNs;
        if (durationNs >= span)
        {
            return (CpuWorkload.StartNs, workload.EndNs);
        }

        var startSecond = random.NextInt64(0, ((span - durationNs) / SecondNs) + 1);
        var start = CpuWorkload.StartNs + (startSecond * SecondNs);
        return (start, start + durationNs);
    }

    private static string[] RandomHosts(CpuWorkload workload, Random random, int count)
    {
        var seen = new HashSet<int>();
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            int n;
            do
            {
                n = random.Next(workload.Scale.Hosts);
            }
            while (!seen.Add(n));
            result[i] = workload.Hosts[n].Hostname;
        }

        return result;
    }
}
