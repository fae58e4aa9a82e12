using Chronicle.Tsbs.Queries;
using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Runner;

/// <summary>
/// Checks that <c>--check</c> runs before any engine, so that "all engines agree" cannot come from a
/// broken generator or a comparer that accepts anything: the workload is deterministic, a host's
/// series does not depend on the host count, values stay in [0, 100], the row count matches the
/// scale, and the comparer rejects a value off by 1e-6 relative, a shifted time and a missing row.
/// </summary>
public static class SelfCheck
{
    /// <summary>Returns the failures (empty when every check passes).</summary>
    public static IReadOnlyList<string> Run(WorkloadScale scale, int seed)
    {
        var failures = new List<string>();
        var first = Fingerprint(new CpuWorkload(scale, seed), hostFilter: -1, out var rows, out var inRange);
        var second = Fingerprint(new CpuWorkload(scale, seed), hostFilter: -1, out _, out _);
        if (first != second)
        {
            failures.Add($"workload is not deterministic for seed {seed}");
        }

        if (rows != scale.Rows)
        {
            failures.Add($"workload produced {rows} rows, scale {scale.Name} expects {scale.Rows}");
        }

        if (!inRange)
        {
            failures.Add("a field left [0, 100]");
        }

        var wider = scale with { Name = scale.Name + "+5", Hosts = scale.Hosts + 5 };
        if (Fingerprint(new CpuWorkload(scale, seed), 3, out _, out _) != Fingerprint(new CpuWorkload(wider, seed), 3, out _, out _))
        {
            failures.Add("host_3's series changes with the host count");
        }

        var row = new ResultRow(["host_1"], 1_000, [42.0, 0.0]);
        var expected = new QueryResult([row]);
        var cases = new (string Name, QueryResult Actual)[]
        {
            ("value off by 1e-6 relative", new QueryResult([row with { Values = [42.0 * (1 + 1e-6), 0.0] }])),
            ("zero vs 1e-300", new QueryResult([row with { Values = [42.0, 1e-300] }])),
            ("time shifted", new QueryResult([row with { TimeNs = 2_000 }])),
            ("key changed", new QueryResult([row with { Keys = ["host_2"] }])),
            ("row missing", new QueryResult([])),
        };
        foreach (var (name, actual) in cases)
        {
            if (ResultComparer.Compare(expected, actual).Count == 0)
            {
                failures.Add($"comparer accepted: {name}");
            }
        }

        if (ResultComparer.Compare(expected, new QueryResult([row with { Values = [42.0 * (1 + 1e-12), 0.0] }])).Count != 0)
        {
            failures.Add("comparer rejected a value within 1e-12 relative");
        }

        return failures;
    }

    private static ulong Fingerprint(CpuWorkload workload, int hostFilter, out long rows, out bool inRange)
    {
        // FNV-1a over the bits of every (time, host, fields) of the selected rows.
        var hash = 14695981039346656037UL;
        rows = 0;
        inRange = true;
        void Mix(ulong value)
        {
            hash = (hash ^ value) * 1099511628211UL;
        }

        foreach (var batch in workload.Batches(4096))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                rows++;
                if (hostFilter >= 0 && batch.HostIndex[i] != hostFilter)
                {
                    continue;
                }

                Mix((ulong)batch.TimeNs[i]);
                Mix((ulong)batch.HostIndex[i]);
                for (var f = 0; f < CpuRow.FieldCount; f++)
                {
                    var value = batch.Fields[f][i];
                    inRange &= value is >= 0 and <= 100;
                    Mix((ulong)BitConverter.DoubleToInt64Bits(value));
                }
            }
        }

        return hash;
    }
}
