namespace Chronicle.Tsbs.Workload;

/// <summary>
/// The TSBS "cpu-only" data set (timescale/tsbs pkg/data/usecases/devops/cpu.go), generated
/// deterministically and streamed: one row per host every 10 s from 2026-01-01T00:00:00Z, rows
/// ordered by time, then host index (the order TSBS emits). Each of the 10 fields of each host is a
/// clamped random walk in [0, 100]: it starts uniform in [0, 100) and each step adds a N(0, 1)
/// draw, clamped to the bounds (TSBS: <c>CWD(ND(0,1), 0, 100, rand*100)</c>). Values are full-precision
/// doubles. Host <c>h</c> draws from its own <see cref="Random"/> seeded from (seed, h), so a host's
/// series does not depend on the number of hosts.
/// </summary>
public sealed class CpuWorkload
{
    /// <summary>Reporting interval: 10 s in nanoseconds.</summary>
    public const long IntervalNs = 10_000_000_000;

    /// <summary>First timestamp: 2026-01-01T00:00:00Z in nanoseconds since the Unix epoch.</summary>
    public const long StartNs = 1_767_225_600_000_000_000;

    /// <summary>Creates the workload of <paramref name="scale"/> for <paramref name="seed"/>.</summary>
    public CpuWorkload(WorkloadScale scale, int seed)
    {
        Scale = scale;
        Seed = seed;
        Hosts = Enumerable.Range(0, scale.Hosts).Select(HostTags.For).ToArray();
    }

    /// <summary>The size of the data set.</summary>
    public WorkloadScale Scale { get; }

    /// <summary>The seed every value derives from.</summary>
    public int Seed { get; }

    /// <summary>The tags of every host, indexed by host index.</summary>
    public IReadOnlyList<HostTags> Hosts { get; }

    /// <summary>One past the last timestamp (exclusive end), nanoseconds.</summary>
    public long EndNs => StartNs + Scale.DurationNs;

    /// <summary>
    /// Streams the data set as batches of up to <paramref name="batchSize"/> rows. The same
    /// <see cref="CpuBatch"/> is refilled each time (memory stays at one batch plus one walk state per
    /// host), so 86 M samples never sit in memory at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public IEnumerable<CpuBatch> Batches(int batchSize = 10_000)
    {
        var batch = new CpuBatch(batchSize);
        var walks = new RandomWalk[Scale.Hosts];
        for (var h = 0; h < walks.Length; h++)
        {
            walks[h] = new RandomWalk(SplitMix64.Seed(Seed, h));
        }

        var fieldValues = new double[CpuRow.FieldCount];
        var rowsPerHost = Scale.RowsPerHost;
        for (long step = 0; step < rowsPerHost; step++)
        {
            var timeNs = StartNs + step * IntervalNs;
            for (var h = 0; h < walks.Length; h++)
            {
                walks[h].Next(fieldValues, first: step == 0);
                var i = batch.Count;
                batch.TimeNs[i] = timeNs;
                batch.HostIndex[i] = h;
                for (var f = 0; f < fieldValues.Length; f++)
                {
                    batch.Fields[f][i] = fieldValues[f];
                }

                batch.Count = i + 1;
                if (batch.Count == batch.Capacity)
                {
                    yield return batch;
                    batch.Count = 0;
                }
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
