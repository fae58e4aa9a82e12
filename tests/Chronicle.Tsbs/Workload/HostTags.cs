namespace Chronicle.Tsbs.Workload;

/// <summary>
/// The tags of one host: <c>hostname</c> = <c>host_&lt;index&gt;</c>, and a region and datacenter drawn
/// from TSBS's AWS-style lists (timescale/tsbs pkg/data/usecases/devops/host.go). TSBS draws them at
/// random; here they are a deterministic function of the host index (a SplitMix64 hash), so the
/// same host has the same tags at every scale and seed.
/// </summary>
/// <param name="Index">Host index, 0-based.</param>
/// <param name="Hostname">Tag <c>hostname</c>.</param>
/// <param name="Region">Tag <c>region</c>, e.g. <c>eu-west-1</c>.</param>
/// <param name="Datacenter">Tag <c>datacenter</c>, e.g. <c>eu-west-1b</c>.</param>
public sealed record HostTags(int Index, string Hostname, string Region, string Datacenter)
{
    private static readonly (string Region, string[] Datacenters)[] Regions =
    [
        ("us-east-1", ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1e"]),
        ("us-west-1", ["us-west-1a", "us-west-1b"]),
        ("us-west-2", ["us-west-2a", "us-west-2b", "us-west-2c"]),
        ("eu-west-1", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
        ("eu-central-1", ["eu-central-1a", "eu-central-1b"]),
        ("ap-southeast-1", ["ap-southeast-1a", "ap-southeast-1b"]),
        ("ap-southeast-2", ["ap-southeast-2a", "ap-southeast-2b"]),
        ("ap-northeast-1", ["ap-northeast-1a", "ap-northeast-1c"]),
        ("sa-east-1", ["sa-east-1a", "sa-east-1b", "sa-east-1c"]),
    ];

    /// <summary>The tags of host <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static HostTags For(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var hash = SplitMix64.Mix((ulong)index);
        var (region, datacenters) = Regions[(int)(hash % (ulong)Regions.Length)];
        var datacenter = datacenters[(int)((hash >> 32) % (ulong)datacenters.Length)];
        return new HostTags(index, $"host_{index}", region, datacenter);
    }
}
