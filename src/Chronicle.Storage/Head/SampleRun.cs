namespace Chronicle.Storage.Head;

/// <summary>
/// Decoded samples of one series in increasing time order, without duplicates: the unit that the
/// read merge and the flush work on. Arrays may be longer than <see cref="Count"/>.
/// </summary>
internal sealed class SampleRun
{
    public SampleRun(long[] timestamps, long[] values, string[]? strings, int count)
    {
        Timestamps = timestamps;
        Values = values;
        Strings = strings;
        Count = count;
    }

    /// <summary>An empty run.</summary>
    public static SampleRun Empty { get; } = new([], [], null, 0);

    public long[] Timestamps { get; }
    public long[] Values { get; }
    public string[]? Strings { get; }
    public int Count { get; }
}
