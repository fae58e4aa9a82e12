using System.Runtime.InteropServices;

namespace Chronicle.Storage.Reading;

/// <summary>
/// Samples of one series in increasing time order with no duplicate timestamps, as a read yields
/// them; or, when <see cref="Summary"/> is set, the statistics of a whole chunk that the reader was
/// allowed to answer without decompressing it (aggregate pushdown).
/// </summary>
public sealed class SampleBlock
{
    /// <summary>Creates a block of decoded samples.</summary>
    public SampleBlock(FieldType type, long[] timestamps, long[] values, string[]? strings, int count)
    {
        Type = type;
        Timestamps = timestamps;
        Values = values;
        Strings = strings;
        Count = count;
    }

    /// <summary>Creates a summary block standing for a whole chunk.</summary>
    public SampleBlock(FieldType type, ChunkSummary summary)
    {
        Type = type;
        Timestamps = [];
        Values = [];
        Summary = summary;
    }

    /// <summary>The series' value type.</summary>
    public FieldType Type { get; }

    /// <summary>Number of decoded samples (0 for a summary block).</summary>
    public int Count { get; }

    /// <summary>Timestamps in nanoseconds; the first <see cref="Count"/> entries are valid.</summary>
    public long[] Timestamps { get; }

    /// <summary>Values as 64-bit words (double bits, long, bool 0/1); unused for VarChar.</summary>
    public long[] Values { get; }

    /// <summary>VarChar values, or null for other types.</summary>
    public string[]? Strings { get; }

    /// <summary>Statistics of a whole chunk in place of its samples, or null.</summary>
    public ChunkSummary? Summary { get; }

    /// <summary>The values as doubles (valid for <see cref="FieldType.Double"/>).</summary>
    public ReadOnlySpan<double> Doubles => MemoryMarshal.Cast<long, double>(Values.AsSpan(0, Count));

    /// <summary>The value at <paramref name="i"/> boxed as its CLR type (double, long, bool or string).</summary>
    public object GetValue(int i) => Type switch
    {
        FieldType.Double => BitConverter.Int64BitsToDouble(Values[i]),
        FieldType.BigInt => Values[i],
        FieldType.Boolean => Values[i] != 0,
        _ => Strings![i],
    };
}
