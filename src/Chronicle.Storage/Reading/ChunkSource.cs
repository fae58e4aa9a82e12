using Chronicle.Storage.Encoding;
using Chronicle.Storage.Head;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Reading;

/// <summary>
/// One stored piece of a series that a read may need: a segment chunk, a memstore chunk, or a
/// memstore's out-of-order buffer; with its time range and its write order (<see cref="Priority"/>:
/// the higher wins a duplicate timestamp).
/// </summary>
/// <remarks>
/// A read makes one per chunk in its range, so it stays small (56 bytes): the piece it stands for
/// is one reference, and the chunk's summary is looked up there rather than copied.
/// </remarks>
internal sealed class ChunkSource
{
    /// <summary>The <see cref="SegmentReader"/>, <see cref="SealedChunk"/> or out-of-order <see cref="SampleRun"/>.</summary>
    private readonly object _piece;

    /// <summary>For a segment chunk, its segment-wide index.</summary>
    private readonly int _index;

    private ChunkSource(object piece, int index, long minTime, long maxTime, long sequence)
    {
        _piece = piece;
        _index = index;
        MinTime = minTime;
        MaxTime = maxTime;
        Sequence = sequence;
    }

    /// <summary>Chunk <paramref name="index"/> (segment-wide) of <paramref name="segment"/>, whose reference is <paramref name="chunk"/>.</summary>
    public static ChunkSource FromSegment(SegmentReader segment, in ChunkRef chunk, int index, long sequence) =>
        new(segment, index, chunk.Summary.MinTime, chunk.Summary.MaxTime, sequence);

    /// <summary>A sealed memstore chunk.</summary>
    public static ChunkSource FromMemory(SealedChunk chunk, long sequence) =>
        new(chunk, 0, chunk.Summary.MinTime, chunk.Summary.MaxTime, sequence);

    /// <summary>An out-of-order buffer: newer than its memstore's chunks (priority + 1), never summarized.</summary>
    public static ChunkSource FromRun(SampleRun run, long sequence) =>
        new(run, 0, run.Timestamps[0], run.Timestamps[run.Count - 1], sequence);

    /// <summary>The first timestamp, nanoseconds.</summary>
    public long MinTime { get; }

    /// <summary>The last timestamp, nanoseconds.</summary>
    public long MaxTime { get; }

    /// <summary>Sequence of the segment or memstore, compared with tombstone sequences.</summary>
    public long Sequence { get; }

    /// <summary>Write order for deduplication.</summary>
    public long Priority => Sequence * 2 + (_piece is SampleRun ? 1 : 0);

    /// <summary>Statistics of a whole chunk, or null for an out-of-order buffer.</summary>
    public ChunkSummary? Summary => _piece switch
    {
        SegmentReader segment => segment.SummaryAt(_index),
        SealedChunk chunk => chunk.Summary,
        _ => null,
    };

    /// <summary>Decodes the samples, into new arrays or, when <paramref name="buffer"/> is given, into its arrays (grown as needed).</summary>
    /// <param name="type">The series' value type.</param>
    /// <param name="buffer">Arrays to decode into, or null for new ones. The run then shares them: it is valid until the buffer's next use.</param>
    /// <param name="minTime">The first timestamp the caller wants: a chunk's samples before it may be left out.</param>
    /// <param name="maxTime">
    /// The last timestamp the caller wants: a chunk's samples after it may be left out, and are then
    /// not even decoded (<see cref="ChunkCodec.Decode"/>). An out-of-order buffer comes back whole.
    /// </param>
    /// <exception cref="CorruptionException">A segment chunk fails its CRC.</exception>
    public SampleRun Decode(FieldType type, DecodeBuffer? buffer = null, long minTime = long.MinValue, long maxTime = long.MaxValue)
    {
        ReadOnlySpan<byte> bytes;
        switch (_piece)
        {
            case SampleRun run:
                return run;
            case SealedChunk chunk:
                bytes = chunk.Bytes;
                break;
            default:
                bytes = ((SegmentReader)_piece).GetChunk(_index);
                break;
        }

        int count = ChunkCodec.GetCount(bytes);
        long[] ts, vals;
        string[]? strs;
        if (buffer is null)
        {
            ts = new long[count];
            vals = new long[count];
            strs = type == FieldType.VarChar ? new string[count] : null;
        }
        else
        {
            (ts, vals, strs) = buffer.Rent(count, type == FieldType.VarChar);
        }
        return new SampleRun(ts, vals, strs, ChunkCodec.Decode(bytes, ts, vals, strs, minTime, maxTime));
    }
}
