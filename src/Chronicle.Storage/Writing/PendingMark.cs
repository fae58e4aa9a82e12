namespace Chronicle.Storage.Writing;

/// <summary>A position in a <see cref="TableWriter"/>'s pending rows (from <see cref="TableWriter.Mark"/>), valid until they are written, drained or cleared.</summary>
public readonly struct PendingMark
{
    internal PendingMark(int generation, int samples, int rows, int strings, int tagSets)
    {
        Generation = generation;
        Samples = samples;
        Rows = rows;
        Strings = strings;
        TagSets = tagSets;
    }

    internal int Generation { get; }
    internal int Samples { get; }
    internal int Rows { get; }
    internal int Strings { get; }
    internal int TagSets { get; }
}
