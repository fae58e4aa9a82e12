using Chronicle.Storage.Encoding;
using Chronicle.Storage.Head;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Reading;

/// <summary>
/// One stored piece of a series that a read may need: a segment chunk, a memstore chunk, or a
/// memstore's out-of-order buffer; with its time range and its write order (<see cref="Priority"/>:
/// the higher wins a duplicate timestamp).
/// </summary>
internal sealed class ChunkSource
{
    private readonly SegmentReader? _segment;
    private readonly int _index;
    private readonly byte[]? _bytes;
    private readonly SampleRun? _run;

    private ChunkSource(long minTime, long maxTime, long sequence, long priority, ChunkSummary? summary)
    {
        MinTime = minTime;
        MaxTime = maxTime;
        Sequence = sequence;
        Priority = priority;
        Summary = summary;
    }

    /// <summary>Chunk <paramref name="index"/> (segment-wide) of <paramref name="segment"/>, whose reference is <paramref name="chunk"/>.</summary>
    public static ChunkSource FromSegment(SegmentReader segment, in ChunkRef chunk, int index, long sequence) =>
        new(chunk.Summary.MinTime, chunk.Summary.MaxTime, sequence, sequence * 2, chunk.Summary) { _segmentInit = (segment, index) };

    public static ChunkSource FromMemory(SealedChunk chunk, long sequence) =>
        new(chunk.Summary.MinTime, chunk.Summary.MaxTime, sequence, sequence * 2, chunk.Summary) { _bytesInit = chunk.Bytes };

    /// <summary>An out-of-order buffer: newer than its memstore's chunks (priority + 1), never summarized.</summary>
    public static ChunkSource FromRun(SampleRun run, long sequence) =>
        new(run.Timestamps[0], run.Timestamps[run.Count - 1], sequence, sequence * 2 + 1, null) { _runInit = run };

    // init-only helpers keep the constructor small while the fields stay readonly.
    private (SegmentReader, int) _segmentInit { init { _segment = value.Item1; _index = value.Item2; } }
    private byte[] _bytesInit { init => _bytes = value; }
    private SampleRun _runInit { init => _run = value; }

    public long MinTime { get; }
    public long MaxTime { get; }

    /// <summary>Sequence of the segment or memstore, compared with tombstone sequences.</summary>
    public long Sequence { get; }

    /// <summary>Write order for deduplication.</summary>
    public long Priority { get; }

    /// <summary>Statistics of a whole chunk, or null for an out-of-order buffer.</summary>
    public ChunkSummary? Summary { get; }

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
        if (_run is not null) return _run;
        ReadOnlySpan<byte> bytes = _bytes ?? _segment!.GetChunk(_index);
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
