namespace Chronicle.Storage.Reading;

public sealed partial class ReadView
{
    /// <summary>
    /// Reads smaller than this many samples (by the chunk statistics of the pieces in range) are not
    /// worth a decoder thread: <see cref="ReadAhead"/> decodes them inline.
    /// </summary>
    public const int ReadAheadMinSamples = 8192;

    private readonly object _readAheadLock = new();
    private readonly List<ReadAheadBlocks> _readAheads = [];

    /// <summary>
    /// The blocks <see cref="Read"/> would yield for the series (no pushdown, no skip), decoded on a
    /// thread-pool thread up to <paramref name="depth"/> blocks ahead of the caller, so a scan's
    /// consumer (row building, Arrow export) overlaps with decompression on a second core. A read
    /// of fewer than <see cref="ReadAheadMinSamples"/> samples is decoded inline instead. A block is
    /// valid until the next <c>MoveNext</c> (its arrays are recycled). The view disposes (and waits
    /// for) every read-ahead still open when it is disposed itself.
    /// </summary>
    /// <param name="seriesId">The series.</param>
    /// <param name="minTime">Inclusive lower bound, nanoseconds.</param>
    /// <param name="maxTime">Inclusive upper bound, nanoseconds.</param>
    /// <param name="blockSize">Maximum samples per block, at least 1.</param>
    /// <param name="depth">Blocks of <paramref name="blockSize"/> samples decoded ahead at most, at least 1 (memory: (depth + 1) x blockSize x 16 bytes).</param>
    /// <returns>An enumerator over the blocks; dispose it when done. <c>MoveNext</c> rethrows a decoding failure (<see cref="CorruptionException"/>).</returns>
    /// <exception cref="KeyNotFoundException">No such series.</exception>
    /// <exception cref="ObjectDisposedException">The view is disposed.</exception>
    public IEnumerator<SampleBlock> ReadAhead(long seriesId, long minTime, long maxTime, int blockSize = 4096, int depth = 4)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var info = _engine.GetSeries(seriesId);
        minTime = RetentionFloor(info, minTime);
        if (minTime > maxTime) return Enumerable.Empty<SampleBlock>().GetEnumerator();
        var sources = CollectSources(seriesId, minTime, maxTime);
        var tombstones = TombstonesFor(seriesId, minTime, maxTime);
        long samples = 0;
        foreach (var source in sources) samples += source.SampleCount;
        if (samples < ReadAheadMinSamples || Environment.ProcessorCount < 2)
            return Iterate(info.Type, sources, tombstones, minTime, maxTime, null, blockSize, null, new DecodeBufferRing(1)).GetEnumerator();

        var blocks = Iterate(info.Type, sources, tombstones, minTime, maxTime, null, blockSize, null, new DecodeBufferRing(1));
        lock (_readAheadLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var readAhead = new ReadAheadBlocks(blocks, info.Type, blockSize, depth, Forget);
            _readAheads.Add(readAhead);
            return readAhead;
        }
    }

    private void Forget(ReadAheadBlocks readAhead)
    {
        lock (_readAheadLock) _readAheads.Remove(readAhead);
    }

    /// <summary>Stops and waits for every open read-ahead (their decoder threads read the pinned segments).</summary>
    private void StopReadAheads()
    {
        ReadAheadBlocks[] open;
        lock (_readAheadLock) open = [.. _readAheads];
        foreach (var readAhead in open) readAhead.Dispose();
    }
}
