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
    private readonly ChunkRef _ref;
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

    public static ChunkSource FromSegment(SegmentReader segment, in ChunkRef chunk, long sequence) =>
        new(chunk.Summary.MinTime, chunk.Summary.MaxTime, sequence, sequence * 2, chunk.Summary) { _segmentInit = (segment, chunk) };

    public static ChunkSource FromMemory(SealedChunk chunk, long sequence) =>
        new(chunk.Summary.MinTime, chunk.Summary.MaxTime, sequence, sequence * 2, chunk.Summary) { _bytesInit = chunk.Bytes };

    /// <summary>An out-of-order buffer: newer than its memstore's chunks (priority + 1), never summarized.</summary>
    public static ChunkSource FromRun(SampleRun run, long sequence) =>
        new(run.Timestamps[0], run.Timestamps[run.Count - 1], sequence, sequence * 2 + 1, null) { _runInit = run };

    // init-only helpers keep the constructor small while the fields stay readonly.
    private (SegmentReader, ChunkRef) _segmentInit { init { _segment = value.Item1; _ref = value.Item2; } }
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

    /// <summary>Decodes the samples.</summary>
    /// <exception cref="CorruptionException">A segment chunk fails its CRC.</exception>
    public SampleRun Decode(FieldType type)
    {
        if (_run is not null) return _run;
        ReadOnlySpan<byte> bytes = _bytes ?? _segment!.GetChunk(_ref);
        int count = ChunkCodec.GetCount(bytes);
        var ts = new long[count];
        var vals = new long[count];
        var strs = type == FieldType.VarChar ? new string[count] : null;
        ChunkCodec.Decode(bytes, ts, vals, strs);
        return new SampleRun(ts, vals, strs, count);
    }
}
