using Chronicle.Storage;
using Chronicle.Storage.Reading;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// The read position in one field series of a table scan: the current decoded block and the index
/// of the next sample in it. <see cref="Block"/> is null once the series is exhausted. Samples are
/// consumed in runs (<see cref="Skip"/>), so callers can copy a block's timestamps and values as
/// spans instead of sample by sample.
/// </summary>
internal sealed class ScanCursor : IDisposable
{
    private readonly IEnumerator<SampleBlock> _blocks;

    /// <param name="blocks">The series' sample blocks in time order (no summary blocks).</param>
    /// <param name="column">Scan index of the field's column.</param>
    /// <param name="type">The field's value type.</param>
    /// <exception cref="InvalidOperationException">The read yields a chunk summary instead of samples.</exception>
    public ScanCursor(IEnumerator<SampleBlock> blocks, int column, FieldType type)
    {
        _blocks = blocks;
        Column = column;
        Type = type;
        NextBlock();
    }

    /// <summary>Scan index of the field's column.</summary>
    public int Column { get; }

    /// <summary>The field's value type.</summary>
    public FieldType Type { get; }

    /// <summary>The current block (at least one sample left in it), or null when the series is exhausted.</summary>
    public SampleBlock? Block { get; private set; }

    /// <summary>Index of the next sample in <see cref="Block"/>.</summary>
    public int Position { get; private set; }

    /// <summary>Samples left in the current block (at least 1 while <see cref="Block"/> is set).</summary>
    public int Remaining => Block!.Count - Position;

    /// <summary>Timestamp of the next sample, nanoseconds.</summary>
    public long Time => Block!.Timestamps[Position];

    /// <summary>Timestamps of the samples left in the current block, nanoseconds.</summary>
    public ReadOnlySpan<long> Times => Block!.Timestamps.AsSpan(Position, Block.Count - Position);

    /// <summary>Consumes <paramref name="count"/> (1 to <see cref="Remaining"/>) samples, moving to the next block when this one is used up.</summary>
    public void Skip(int count)
    {
        Position += count;
        if (Position >= Block!.Count) NextBlock();
    }

    private void NextBlock()
    {
        while (_blocks.MoveNext())
        {
            var block = _blocks.Current;
            if (block.Summary is not null) throw new InvalidOperationException("a row scan received a chunk summary");
            if (block.Count == 0) continue;
            Block = block;
            Position = 0;
            return;
        }
        Block = null;
        Position = 0;
    }

    /// <inheritdoc/>
    public void Dispose() => _blocks.Dispose();
}
