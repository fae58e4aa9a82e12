using Chronicle.Storage.Encoding;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Compaction;

/// <summary>
/// One input of a merge, positioned on one series: walks that series' chunks in time order, decoding
/// one chunk at a time into reusable buffers. Checks what the merge relies on (a chunk's type and
/// count agree with the index, timestamps strictly increase within the series) and reports a
/// violation as a <see cref="CorruptionException"/> naming the file and the chunk's offset.
/// </summary>
internal sealed class MergeSource(SegmentReader reader, long sequence)
{
    private int _series = -1;
    private FieldType _type;
    private int _nextChunk;
    private int _chunkCount;
    private long[] _timestamps = new long[128];
    private long[] _values = new long[128];
    private string[] _strings = [];
    private int _count, _position;
    private long _lastTime;

    /// <summary>The input segment.</summary>
    public SegmentReader Reader { get; } = reader;

    /// <summary>The input segment's sequence: a higher one wins a duplicate timestamp.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Index (in ID order) of the next series of this input to merge; at <see cref="SegmentReader.SeriesCount"/> when done.</summary>
    public int NextSeriesIndex { get; private set; }

    /// <summary>ID of the next series to merge; <see cref="long.MaxValue"/> when the input is done (series IDs below it only).</summary>
    public long NextSeriesId => NextSeriesIndex < Reader.SeriesCount ? Reader.SeriesIds[NextSeriesIndex] : long.MaxValue;

    /// <summary>Whether the input has series left.</summary>
    public bool HasSeries => NextSeriesIndex < Reader.SeriesCount;

    /// <summary>The current series' field type (after <see cref="BeginSeries"/>).</summary>
    public FieldType Type => _type;

    /// <summary>Positions on the series at <see cref="NextSeriesIndex"/> and advances that index.</summary>
    public void BeginSeries()
    {
        _series = NextSeriesIndex++;
        Reader.GetSeriesAt(_series, out _, out _type, out var chunks);
        _chunkCount = chunks.Length;
        _nextChunk = 0;
        _count = _position = 0;
        _lastTime = long.MinValue;
    }

    /// <summary>The current series' sample count and time range in this input, from its index (after <see cref="BeginSeries"/>).</summary>
    public (long Count, long MinTime, long MaxTime) SeriesExtent()
    {
        Reader.GetSeriesAt(_series, out _, out _, out var chunks);
        long count = 0;
        foreach (ref readonly var c in chunks) count += c.Summary.Count;
        return (count, chunks[0].Summary.MinTime, chunks[^1].Summary.MaxTime);
    }

    /// <summary>Whether decoded samples are waiting.</summary>
    public bool HasBuffered => _position < _count;

    /// <summary>Whether samples remain, decoded or not.</summary>
    public bool HasSamples => _position < _count || _nextChunk < _chunkCount;

    /// <summary>A lower bound of the next sample's timestamp: exact when decoded, else the next chunk's min time; <see cref="long.MaxValue"/> when done.</summary>
    public long LowerBound => _position < _count ? _timestamps[_position] : _nextChunk < _chunkCount ? PeekChunk().Summary.MinTime : long.MaxValue;

    /// <summary>The next chunk, not yet decoded (only when <see cref="HasBuffered"/> is false and chunks remain).</summary>
    public ChunkRef PeekChunk()
    {
        Reader.GetSeriesAt(_series, out _, out _, out var chunks);
        return chunks[_nextChunk];
    }

    /// <summary>The min time of the chunk after the next one, or <see cref="long.MaxValue"/> when there is none.</summary>
    public long MinTimeAfterNextChunk()
    {
        Reader.GetSeriesAt(_series, out _, out _, out var chunks);
        return _nextChunk + 1 < chunks.Length ? chunks[_nextChunk + 1].Summary.MinTime : long.MaxValue;
    }

    /// <summary>Decodes the next chunk when nothing is buffered. Returns whether a sample is now buffered.</summary>
    public bool Fill()
    {
        if (_position < _count) return true;
        if (_nextChunk >= _chunkCount) return false;
        var chunk = PeekChunk();
        _nextChunk++;
        var bytes = Reader.GetChunk(chunk);
        int n = chunk.Summary.Count;
        if (_timestamps.Length < n)
        {
            _timestamps = new long[Math.Max(n, _timestamps.Length * 2)];
            _values = new long[_timestamps.Length];
        }
        if (_type == FieldType.VarChar && _strings.Length < n) _strings = new string[_timestamps.Length];
        try
        {
            if (ChunkCodec.GetType(bytes) != _type || ChunkCodec.GetCount(bytes) != n)
                throw new InvalidDataException($"chunk header says {ChunkCodec.GetCount(bytes)} {ChunkCodec.GetType(bytes)} samples, the index {n} {_type}");
            ChunkCodec.Decode(bytes, _timestamps, _values, _type == FieldType.VarChar ? _strings : null);
        }
        catch (InvalidDataException e)
        {
            throw new CorruptionException(Reader.Path, chunk.Offset, $"chunk does not decode: {e.Message}");
        }
        for (int i = 0; i < n; i++)
        {
            if (_timestamps[i] <= _lastTime)
                throw new CorruptionException(Reader.Path, chunk.Offset, $"timestamp {_timestamps[i]} does not follow {_lastTime} in its series");
            _lastTime = _timestamps[i];
        }
        if (_timestamps[0] != chunk.Summary.MinTime || _timestamps[n - 1] != chunk.Summary.MaxTime)
            throw new CorruptionException(Reader.Path, chunk.Offset, "decoded time range differs from the index");
        _count = n;
        _position = 0;
        return true;
    }

    /// <summary>The next sample's timestamp (requires <see cref="HasBuffered"/>).</summary>
    public long Time => _timestamps[_position];

    /// <summary>The next sample's value word (numeric and boolean series).</summary>
    public long Value => _values[_position];

    /// <summary>The next sample's text (VARCHAR series).</summary>
    public string Text => _strings[_position];

    /// <summary>Moves past the next sample.</summary>
    public void Advance() => _position++;

    /// <summary>Moves past the next chunk without decoding it (it was copied whole).</summary>
    public void SkipChunk() => _nextChunk++;
}
