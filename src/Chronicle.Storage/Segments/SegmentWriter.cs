using System.Buffers.Binary;
using Chronicle.Storage.IO;
using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Segments;

/// <summary>
/// Writes one segment file in a single streaming pass: header, chunk blocks series by series, then
/// at <see cref="Finish"/> the series index and the footer (layout: <see cref="SegmentFormat"/> and
/// <c>docs/file-formats.md</c>, "Segments"). Memory use is the write buffer plus the index (about
/// 30 to 60 bytes per chunk) and the current series' chunk references. Not thread-safe.
/// </summary>
/// <remarks>
/// Disposing a writer that did not <see cref="Finish"/> deletes the partial file. A finished file is
/// fsynced, but its directory entry is not: the caller fsyncs the directory before publishing the
/// segment in the manifest.
/// </remarks>
internal sealed class SegmentWriter : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly IFileSystem _fs;
    private readonly string _path;
    private readonly long _segmentId;
    private readonly int _level;
    private readonly long _shardStart;
    private IWritableFile? _file;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _buffered;
    private long _position;
    private readonly MemoryStream _index = new();
    private readonly List<ChunkRef> _seriesChunks = [];
    private long _seriesId;
    private FieldType _seriesType;
    private bool _hasSeries;
    private long? _previousWrittenSeries;
    private long _seriesCount, _sampleCount, _chunkCount;
    private long _minTime = long.MaxValue, _maxTime = long.MinValue;
    private bool _finished;

    /// <summary>Creates the file at <paramref name="path"/> (replacing a leftover file of that name) and writes the header.</summary>
    /// <param name="fs">The file layer.</param>
    /// <param name="path">Path of the new segment file, conventionally <see cref="SegmentFormat.FileNameFor"/> in the segment directory.</param>
    /// <param name="segmentId">The segment's ID.</param>
    /// <param name="level">Compaction level, 0 or more.</param>
    /// <param name="shardStart">Start of the segment's shard, nanoseconds.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is negative.</exception>
    /// <exception cref="IOException">The file cannot be created or written.</exception>
    public SegmentWriter(IFileSystem fs, string path, long segmentId, int level, long shardStart)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        _fs = fs;
        _path = path;
        _segmentId = segmentId;
        _level = level;
        _shardStart = shardStart;
        // OpenAppend appends to an existing file; a leftover of a crashed write must not be extended.
        fs.DeleteFile(path);
        _file = fs.OpenAppend(path);

        Span<byte> header = stackalloc byte[SegmentFormat.HeaderSize];
        SegmentFormat.HeaderMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], SegmentFormat.Version);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], level);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], segmentId);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], shardStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header[32..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[36..], Crc32C.Compute(header[..36]));
        Append(header);
    }

    /// <summary>Path of the file being written.</summary>
    public string Path => _path;

    /// <summary>
    /// Appends one encoded chunk of a series. Series come in increasing ID order, each series' chunks
    /// in increasing, non-overlapping time order.
    /// </summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="type">The series' field type; the same for all its chunks.</param>
    /// <param name="chunk">The encoded chunk (opaque here), at least one byte.</param>
    /// <param name="summary">The chunk's statistics; <see cref="ChunkSummary.Count"/> at least 1 and <see cref="ChunkSummary.MinTime"/> &lt;= <see cref="ChunkSummary.MaxTime"/>.</param>
    /// <exception cref="ArgumentException">The order rules are broken, the type changed within a series, the chunk is empty, or the summary is impossible.</exception>
    /// <exception cref="InvalidOperationException">The writer is finished or disposed.</exception>
    /// <exception cref="IOException">The write failed.</exception>
    public void AddChunk(long seriesId, FieldType type, ReadOnlySpan<byte> chunk, ChunkSummary summary)
    {
        ThrowIfDone();
        if (chunk.IsEmpty) throw new ArgumentException("a chunk has at least one byte", nameof(chunk));
        if (summary.Count < 1) throw new ArgumentException($"a chunk has at least one sample, got a count of {summary.Count}", nameof(summary));
        if (summary.MinTime > summary.MaxTime)
            throw new ArgumentException($"chunk min time {summary.MinTime} is after its max time {summary.MaxTime}", nameof(summary));
        if (!Enum.IsDefined(type)) throw new ArgumentException($"unknown field type {(int)type}", nameof(type));

        if (_hasSeries && seriesId == _seriesId)
        {
            if (type != _seriesType)
                throw new ArgumentException($"series {seriesId} changed type from {_seriesType} to {type}", nameof(type));
            long previousMax = _seriesChunks[^1].Summary.MaxTime;
            if (summary.MinTime <= previousMax)
                throw new ArgumentException(
                    $"chunks of series {seriesId} must be in increasing, non-overlapping time order: min time {summary.MinTime} <= previous max time {previousMax}",
                    nameof(summary));
        }
        else
        {
            if (_hasSeries && seriesId < _seriesId)
                throw new ArgumentException($"series must come in increasing ID order: {seriesId} after {_seriesId}", nameof(seriesId));
            EndSeries();
            _hasSeries = true;
            _seriesId = seriesId;
            _seriesType = type;
        }

        if (summary.Count > Encoding.ChunkHeader.MaxCount)
            throw new ArgumentException($"a chunk holds at most {Encoding.ChunkHeader.MaxCount} samples, got a count of {summary.Count}", nameof(summary));
        long offset = _position;
        Append(chunk);
        _seriesChunks.Add(new ChunkRef(offset, chunk.Length, Crc32C.Compute(chunk), summary));
        _chunkCount++;
        _sampleCount += summary.Count;
        _minTime = Math.Min(_minTime, summary.MinTime);
        _maxTime = Math.Max(_maxTime, summary.MaxTime);
    }

    /// <summary>
    /// Writes the series index and the footer, fsyncs and closes the file. The caller fsyncs the
    /// directory before the segment is listed in a manifest.
    /// </summary>
    /// <returns>The segment's description (<see cref="SegmentInfo.FileName"/> is the file name of the path).</returns>
    /// <exception cref="InvalidOperationException">Already finished or disposed.</exception>
    /// <exception cref="IOException">The write or the fsync failed.</exception>
    public SegmentInfo Finish()
    {
        ThrowIfDone();
        EndSeries();
        long indexOffset = _position;
        var index = _index.GetBuffer().AsSpan(0, (int)_index.Length);
        Append(index);

        Span<byte> footer = stackalloc byte[SegmentFormat.FooterSize];
        BinaryPrimitives.WriteInt64LittleEndian(footer, indexOffset);
        BinaryPrimitives.WriteInt64LittleEndian(footer[8..], index.Length);
        BinaryPrimitives.WriteInt64LittleEndian(footer[16..], _minTime);
        BinaryPrimitives.WriteInt64LittleEndian(footer[24..], _maxTime);
        BinaryPrimitives.WriteInt64LittleEndian(footer[32..], _seriesCount);
        BinaryPrimitives.WriteInt64LittleEndian(footer[40..], _sampleCount);
        BinaryPrimitives.WriteInt64LittleEndian(footer[48..], _chunkCount);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[56..], Crc32C.Compute(index));
        BinaryPrimitives.WriteUInt32LittleEndian(footer[60..], Crc32C.Compute(footer[..60]));
        SegmentFormat.FooterMagic.CopyTo(footer[64..]);
        Append(footer);
        Flush();
        _file!.Sync();
        _file.Dispose();
        _file = null;
        _finished = true;
        return new SegmentInfo(_segmentId, _level, _shardStart, _minTime, _maxTime, _seriesCount, _sampleCount, _position,
            System.IO.Path.GetFileName(_path));
    }

    /// <summary>Closes the file; when <see cref="Finish"/> was not called, deletes the partial file.</summary>
    public void Dispose()
    {
        if (_file is null) return;
        _file.Dispose();
        _file = null;
        if (!_finished) _fs.DeleteFile(_path);
    }

    private void EndSeries()
    {
        if (!_hasSeries || _seriesChunks.Count == 0) return;
        SegmentIndexCodec.WriteSeries(_index, _seriesId, _previousWrittenSeries, _seriesType, _shardStart, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_seriesChunks));
        _previousWrittenSeries = _seriesId;
        _seriesChunks.Clear();
        _seriesCount++;
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        _position += data.Length;
        if (data.Length >= BufferSize)
        {
            Flush();
            _file!.Write(data);
            return;
        }
        if (_buffered + data.Length > BufferSize) Flush();
        data.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += data.Length;
    }

    private void Flush()
    {
        if (_buffered == 0) return;
        _file!.Write(_buffer.AsSpan(0, _buffered));
        _buffered = 0;
    }

    private void ThrowIfDone()
    {
        if (_finished || _file is null)
            throw new InvalidOperationException($"segment writer for '{_path}' is already {(_finished ? "finished" : "disposed")}");
    }
}
