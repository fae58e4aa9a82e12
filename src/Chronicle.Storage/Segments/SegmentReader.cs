using System.Buffers.Binary;
using Chronicle.Storage.IO;
using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Segments;

/// <summary>
/// An open segment file: memory-mapped read-only, its series index parsed at open into compact
/// arrays (series IDs, types, and one array of all chunk references), so a lookup is a binary search
/// with no allocation. Thread-safe for concurrent reads.
/// </summary>
/// <remarks>
/// Reference counted: the reader starts with one reference, owned by its creator and released by
/// <see cref="Dispose"/>. Anyone else who reads it (a query holding a segment set) takes a reference
/// with <see cref="TryAddRef"/> and gives it back with <see cref="Release"/>. The file is unmapped when
/// the count reaches zero; spans returned by <see cref="GetChunk(in ChunkRef)"/> and <see cref="GetChunk(int)"/> are valid only while the caller
/// holds a reference.
/// </remarks>
internal sealed unsafe class SegmentReader : IDisposable
{
    private readonly IMappedFile _map;
    private readonly string _path;
    private readonly long[] _seriesIds;
    private readonly FieldType[] _types;
    private readonly int[] _chunkStart; // series i owns _chunks[_chunkStart[i] .. _chunkStart[i + 1])
    private readonly ChunkRef[] _chunks;
    private readonly int[] _verified; // bit i set: chunk i's bytes matched its CRC once (see GetChunk(int))
    private int _refCount = 1;
    private int _disposed;

    private SegmentReader(IMappedFile map, string path, SegmentInfo info, long[] seriesIds, FieldType[] types, int[] chunkStart, ChunkRef[] chunks)
    {
        _map = map;
        _path = path;
        Info = info;
        _seriesIds = seriesIds;
        _types = types;
        _chunkStart = chunkStart;
        _chunks = chunks;
        _verified = new int[(chunks.Length + 31) / 32];
    }

    /// <summary>
    /// Maps the segment at <paramref name="path"/> and validates its header (magic, version, CRC),
    /// footer (magic, CRC), and series index (CRC, bounds, order, counts). Chunk bytes are checked later,
    /// by <see cref="GetChunk(in ChunkRef)"/> (every time) or <see cref="GetChunk(int)"/> (once).
    /// </summary>
    /// <exception cref="CorruptionException">The file is not a valid segment (the message names the file and offset).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SegmentReader Open(IFileSystem fs, string path)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(path);
        var map = fs.MapReadOnly(path);
        try
        {
            return Parse(map, path);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>The segment's description, from its header and footer.</summary>
    public SegmentInfo Info { get; }

    /// <summary>Path the segment was opened from.</summary>
    public string Path => _path;

    /// <summary>Number of series in the segment.</summary>
    public int SeriesCount => _seriesIds.Length;

    /// <summary>The series IDs in increasing order.</summary>
    public IReadOnlyList<long> SeriesIds => _seriesIds;

    /// <summary>Finds a series by ID (binary search, no allocation).</summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="type">Its field type, when found.</param>
    /// <param name="chunks">Its chunk references in increasing time order, when found; empty otherwise.</param>
    /// <returns>Whether the segment holds the series.</returns>
    public bool TryGetSeries(long seriesId, out FieldType type, out ReadOnlySpan<ChunkRef> chunks) =>
        TryGetSeries(seriesId, out type, out chunks, out _);

    /// <summary>Finds a series by ID, also giving the segment-wide index of its first chunk (for <see cref="GetChunk(int)"/>).</summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="type">Its field type, when found.</param>
    /// <param name="chunks">Its chunk references in increasing time order, when found; empty otherwise.</param>
    /// <param name="firstChunk">The index of <c>chunks[0]</c> among all chunks of the segment: <c>chunks[j]</c> is chunk <c>firstChunk + j</c>.</param>
    /// <returns>Whether the segment holds the series.</returns>
    public bool TryGetSeries(long seriesId, out FieldType type, out ReadOnlySpan<ChunkRef> chunks, out int firstChunk)
    {
        int i = _seriesIds.AsSpan().BinarySearch(seriesId);
        if (i < 0)
        {
            type = default;
            chunks = default;
            firstChunk = 0;
            return false;
        }
        GetSeriesAt(i, out _, out type, out chunks);
        firstChunk = _chunkStart[i];
        return true;
    }

    /// <summary>The <paramref name="index"/>-th series in ID order (for scans and merges).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="SeriesCount"/>.</exception>
    public void GetSeriesAt(int index, out long seriesId, out FieldType type, out ReadOnlySpan<ChunkRef> chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _seriesIds.Length);
        seriesId = _seriesIds[index];
        type = _types[index];
        chunks = _chunks.AsSpan(_chunkStart[index], _chunkStart[index + 1] - _chunkStart[index]);
    }

    /// <summary>
    /// The encoded bytes of a chunk, read from the memory map after checking them against the CRC32C
    /// the index holds for them. Valid while the caller holds a reference.
    /// </summary>
    /// <param name="chunk">A reference from this reader's index.</param>
    /// <exception cref="CorruptionException">The CRC does not match the bytes (names file and offset).</exception>
    /// <exception cref="ArgumentException">The reference lies outside the file.</exception>
    /// <exception cref="ObjectDisposedException">Every reference has been released.</exception>
    public ReadOnlySpan<byte> GetChunk(in ChunkRef chunk)
    {
        if (Volatile.Read(ref _refCount) <= 0) throw new ObjectDisposedException(_path);
        if (chunk.Offset < SegmentFormat.HeaderSize || chunk.Length < 1 || chunk.Offset + (long)chunk.Length > _map.Length)
            throw new ArgumentException($"chunk reference at offset {chunk.Offset} (length {chunk.Length}) is outside '{_path}'", nameof(chunk));
        var data = new ReadOnlySpan<byte>(_map.Pointer + chunk.Offset, chunk.Length);
        uint actual = Crc32C.Compute(data);
        if (chunk.Crc != actual)
            throw new CorruptionException(_path, chunk.Offset, $"chunk CRC32C mismatch: the index says 0x{chunk.Crc:X8}, the bytes give 0x{actual:X8}");
        return data;
    }

    /// <summary>
    /// The encoded bytes of chunk <paramref name="index"/> (segment-wide, see
    /// <see cref="TryGetSeries(long, out FieldType, out ReadOnlySpan{ChunkRef}, out int)"/>), checked
    /// against their CRC32C the first time this reader returns them and trusted afterwards: the
    /// mapping is read-only and the file immutable, so a later read sees the same bytes. Queries use
    /// this; compaction uses <see cref="GetChunk(in ChunkRef)"/>, which checks every time. Valid while
    /// the caller holds a reference. Thread-safe.
    /// </summary>
    /// <exception cref="CorruptionException">The CRC does not match the bytes (names file and offset); the chunk stays unverified, so every read of it fails.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a chunk of this segment.</exception>
    /// <exception cref="ObjectDisposedException">Every reference has been released.</exception>
    public ReadOnlySpan<byte> GetChunk(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _chunks.Length);
        int mask = 1 << (index & 31);
        if ((Volatile.Read(ref _verified[index >> 5]) & mask) == 0)
        {
            var checkedBytes = GetChunk(in _chunks[index]);
            Interlocked.Or(ref _verified[index >> 5], mask);
            return checkedBytes;
        }
        if (Volatile.Read(ref _refCount) <= 0) throw new ObjectDisposedException(_path);
        ref readonly var chunk = ref _chunks[index];
        return new ReadOnlySpan<byte>(_map.Pointer + chunk.Offset, chunk.Length);
    }

    /// <summary>The summary of chunk <paramref name="index"/> (segment-wide, as <see cref="GetChunk(int)"/> takes it), from the series index in memory.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is not a chunk of this segment.</exception>
    public ChunkSummary SummaryAt(int index) => _chunks[index].Summary;

    /// <summary>Takes a reference, unless the count already reached zero (the file is unmapped or being unmapped).</summary>
    /// <returns>True when the reference was taken; the caller must then <see cref="Release"/> it.</returns>
    public bool TryAddRef()
    {
        while (true)
        {
            int count = Volatile.Read(ref _refCount);
            if (count <= 0) return false;
            if (Interlocked.CompareExchange(ref _refCount, count + 1, count) == count) return true;
        }
    }

    /// <summary>Gives back a reference; the last one unmaps the file.</summary>
    /// <exception cref="InvalidOperationException">More releases than references.</exception>
    public void Release()
    {
        int count = Interlocked.Decrement(ref _refCount);
        if (count == 0) _map.Dispose();
        else if (count < 0) throw new InvalidOperationException($"segment '{_path}' released more often than referenced");
    }

    /// <summary>Releases the creator's reference (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Release();
    }

    private static SegmentReader Parse(IMappedFile map, string path)
    {
        long length = map.Length;
        if (length < SegmentFormat.HeaderSize + SegmentFormat.FooterSize)
            throw new CorruptionException(path, 0, $"file of {length} bytes is shorter than a segment's header and footer ({SegmentFormat.HeaderSize + SegmentFormat.FooterSize} bytes)");
        byte* p = map.Pointer;

        var header = new ReadOnlySpan<byte>(p, SegmentFormat.HeaderSize);
        if (!header[..8].SequenceEqual(SegmentFormat.HeaderMagic))
            throw new CorruptionException(path, 0, "bad magic: not a Chronicle segment");
        uint headerCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[36..]);
        if (headerCrc != Crc32C.Compute(header[..36]))
            throw new CorruptionException(path, 0, "header CRC32C mismatch");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != SegmentFormat.Version)
            throw new CorruptionException(path, 8, $"unsupported segment format version {version}: this build reads only version {SegmentFormat.Version}"
                + (version < SegmentFormat.Version ? "; the file was written by an older build before the format changed (no release reads it): re-import the data" : ""));
        int level = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        long segmentId = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        long shardStart = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        if (level < 0) throw new CorruptionException(path, 12, $"negative level {level}");

        long footerOffset = length - SegmentFormat.FooterSize;
        var footer = new ReadOnlySpan<byte>(p + footerOffset, SegmentFormat.FooterSize);
        if (!footer[64..].SequenceEqual(SegmentFormat.FooterMagic))
            throw new CorruptionException(path, footerOffset + 64, "bad footer magic: the file is truncated or not a finished segment");
        if (BinaryPrimitives.ReadUInt32LittleEndian(footer[60..]) != Crc32C.Compute(footer[..60]))
            throw new CorruptionException(path, footerOffset, "footer CRC32C mismatch");
        long indexOffset = BinaryPrimitives.ReadInt64LittleEndian(footer);
        long indexLength = BinaryPrimitives.ReadInt64LittleEndian(footer[8..]);
        long minTime = BinaryPrimitives.ReadInt64LittleEndian(footer[16..]);
        long maxTime = BinaryPrimitives.ReadInt64LittleEndian(footer[24..]);
        long seriesCount = BinaryPrimitives.ReadInt64LittleEndian(footer[32..]);
        long sampleCount = BinaryPrimitives.ReadInt64LittleEndian(footer[40..]);
        long chunkCount = BinaryPrimitives.ReadInt64LittleEndian(footer[48..]);
        uint indexCrc = BinaryPrimitives.ReadUInt32LittleEndian(footer[56..]);
        if (indexOffset < SegmentFormat.HeaderSize || indexLength < 0 || indexOffset + indexLength != footerOffset)
            throw new CorruptionException(path, footerOffset, $"index at offset {indexOffset} of length {indexLength} does not end at the footer (offset {footerOffset})");
        if (indexLength > int.MaxValue)
            throw new CorruptionException(path, footerOffset, $"index length {indexLength} exceeds 2 GiB");
        var index = new ReadOnlySpan<byte>(p + indexOffset, (int)indexLength);
        if (Crc32C.Compute(index) != indexCrc)
            throw new CorruptionException(path, indexOffset, "series index CRC32C mismatch");
        if (seriesCount < 0 || chunkCount < 0 || seriesCount > indexLength / SegmentIndexCodec.MinSeriesEntrySize
            || chunkCount > indexLength / SegmentIndexCodec.MinChunkEntrySize)
            throw new CorruptionException(path, footerOffset, $"series count {seriesCount} or chunk count {chunkCount} cannot fit an index of {indexLength} bytes");

        var ids = new long[seriesCount];
        var types = new FieldType[seriesCount];
        var starts = new int[seriesCount + 1];
        var chunks = new ChunkRef[chunkCount];
        var entries = new SegmentIndexCodec.Reader(index, path, indexOffset);
        int c = 0;
        long samples = 0, seenMin = long.MaxValue, seenMax = long.MinValue;
        long chunkEnd = SegmentFormat.HeaderSize; // chunks lie back to back: each starts where the one before ended
        for (int s = 0; s < seriesCount; s++)
        {
            var (id, type, n, unit) = entries.ReadSeries(s > 0 ? ids[s - 1] : null, chunkCount - c);
            ids[s] = id;
            types[s] = type;
            starts[s] = c;
            long? previousMax = null;
            for (int k = 0; k < n; k++, c++)
            {
                long entryAt = entries.FileOffset;
                var chunk = entries.ReadChunk(id, type, unit, shardStart, previousMax, chunkEnd);
                if (chunk.Offset + (long)chunk.Length > indexOffset)
                    throw new CorruptionException(path, entryAt, $"chunk of series {id} at offset {chunk.Offset} (length {chunk.Length}) runs past the chunk area");
                var summary = chunk.Summary;
                previousMax = summary.MaxTime;
                chunkEnd = chunk.Offset + chunk.Length;
                samples += summary.Count;
                seenMin = Math.Min(seenMin, summary.MinTime);
                seenMax = Math.Max(seenMax, summary.MaxTime);
                chunks[c] = chunk;
            }
        }
        int pos = entries.Position;
        starts[seriesCount] = c;
        if (pos != index.Length || c != chunkCount)
            throw new CorruptionException(path, indexOffset + pos, $"index holds {index.Length - pos} bytes after its last series, or {c} chunks instead of {chunkCount}");
        if (chunkEnd != indexOffset)
            throw new CorruptionException(path, chunkEnd, $"the index accounts for chunk bytes up to offset {chunkEnd}, but the index starts at {indexOffset}");
        if (samples != sampleCount || seenMin != minTime || seenMax != maxTime)
            throw new CorruptionException(path, footerOffset, "footer sample count or time range disagrees with the index");

        var info = new SegmentInfo(segmentId, level, shardStart, minTime, maxTime, seriesCount, sampleCount, length, System.IO.Path.GetFileName(path));
        return new SegmentReader(map, path, info, ids, types, starts, chunks);
    }
}
