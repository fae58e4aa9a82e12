using Chronicle.Storage.Encoding;
using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Head;

/// <summary>
/// One series inside one memstore: the sealed head chunks, the open head chunk (Gorilla-encoded
/// as samples arrive, sealed at <c>ChunkSize</c> samples), and the out-of-order buffer.
/// Thread-safe: every member locks the instance; readers take a snapshot (sealed chunks are
/// immutable and shared; the open chunk's bytes and the buffer are copied) and decode outside the lock.
/// </summary>
internal sealed class MemSeries
{
    private readonly int _chunkSize;
    private ChunkEncoder _head;
    private List<SealedChunk>? _sealed;
    private OutOfOrderBuffer? _outOfOrder;

    public MemSeries(long id, FieldType type, int chunkSize)
    {
        Id = id;
        Type = type;
        _chunkSize = chunkSize;
        _head = new ChunkEncoder(type);
    }

    public long Id { get; }

    public FieldType Type { get; }

    /// <summary>Earliest and latest timestamps held (valid when <see cref="Count"/> &gt; 0).</summary>
    public long MinTime { get; private set; } = long.MaxValue;

    /// <summary>Latest timestamp held.</summary>
    public long MaxTime { get; private set; } = long.MinValue;

    /// <summary>Samples held, counting an overwritten duplicate once per write (an upper bound).</summary>
    public int Count { get; private set; }

    /// <summary>Appends one sample. Returns the number of samples added to the memstore's count (0 or 1).</summary>
    public int Append(long timestamp, long bits, string? text)
    {
        lock (this)
        {
            if (timestamp < MinTime) MinTime = timestamp;
            bool inOrder = IsAfterChunks(timestamp);
            if (inOrder)
            {
                if (text is null) _head.Append(timestamp, bits); else _head.Append(timestamp, text);
                if (timestamp > MaxTime) MaxTime = timestamp;
                if (_head.Count >= _chunkSize) Seal();
            }
            else
            {
                BufferOutOfOrder(timestamp, bits, text);
            }
            Count++;
            return 1;
        }
    }

    /// <summary>
    /// Appends samples of a non-VarChar series under one lock acquisition. Each stretch of samples
    /// that is in order and fits the open head chunk goes to the encoder in one call
    /// (<see cref="ChunkEncoder.AppendRange"/>); a sample at or before the head's last timestamp
    /// goes to the out-of-order buffer, as in <see cref="Append"/>.
    /// </summary>
    public void AppendRange(ReadOnlySpan<long> timestamps, ReadOnlySpan<long> values)
    {
        lock (this)
        {
            int i = 0;
            while (i < timestamps.Length)
            {
                long timestamp = timestamps[i];
                if (timestamp < MinTime) MinTime = timestamp;
                bool inOrder = IsAfterChunks(timestamp);
                if (!inOrder)
                {
                    BufferOutOfOrder(timestamp, values[i], null);
                    i++;
                    continue;
                }
                int room = Math.Max(1, _chunkSize - _head.Count);
                int end = i + 1;
                while (end < timestamps.Length && end - i < room && timestamps[end] > timestamps[end - 1]) end++;
                _head.AppendRange(timestamps[i..end], values[i..end]);
                if (timestamps[end - 1] > MaxTime) MaxTime = timestamps[end - 1];
                if (_head.Count >= _chunkSize) Seal();
                i = end;
            }
            Count += timestamps.Length;
        }
    }

    /// <summary>
    /// When the out-of-order buffer is merged into the chunks: at four chunks' worth, or half the
    /// series when that is more (capped at 16,384), so that rewriting a long series out of order
    /// costs O(n log n) merges rather than a full re-encode every few hundred samples; the cap keeps
    /// each sorted insert's memmove small.
    /// </summary>
    private int OutOfOrderLimit => Math.Max(_chunkSize * 4, Math.Min(Count / 2, 16_384));

    /// <summary>Whether <paramref name="timestamp"/> is later than everything in the chunks (so it may go to the open head chunk).</summary>
    private bool IsAfterChunks(long timestamp) =>
        _head.Count == 0 ? (_sealed is null || timestamp > _sealed[^1].Summary.MaxTime) : timestamp > _head.MaxTime;

    /// <summary>Puts a sample into the out-of-order buffer, merging the buffer into the chunks when it is over its limit.</summary>
    private void BufferOutOfOrder(long timestamp, long bits, string? text)
    {
        (_outOfOrder ??= new OutOfOrderBuffer(Type == FieldType.VarChar)).Insert(timestamp, bits, text);
        if (_outOfOrder.Count > OutOfOrderLimit) CompactOutOfOrder();
    }

    private void Seal()
    {
        (_sealed ??= []).Add(new SealedChunk(_head.Encoded.ToArray(), _head.Summary));
        _head = new ChunkEncoder(Type);
    }

    /// <summary>Merges the out-of-order buffer into re-encoded chunks (keeps memory and read cost bounded).</summary>
    private void CompactOutOfOrder()
    {
        var merged = MergedUnlocked();
        RebuildUnlocked(merged);
    }

    /// <summary>Removes the samples with <paramref name="min"/> &lt;= time &lt;= <paramref name="max"/>.</summary>
    public void Delete(long min, long max)
    {
        lock (this)
        {
            if (Count == 0 || max < MinTime || min > MaxTime) return;
            RebuildUnlocked(RunMerge.Remove(MergedUnlocked(), min, max));
        }
    }

    private void RebuildUnlocked(SampleRun run)
    {
        _sealed = null;
        _outOfOrder = null;
        _head = new ChunkEncoder(Type);
        MinTime = long.MaxValue;
        MaxTime = long.MinValue;
        Count = 0;
        for (int i = 0; i < run.Count; i++)
        {
            long t = run.Timestamps[i];
            if (run.Strings is null) _head.Append(t, run.Values[i]); else _head.Append(t, run.Strings[i]);
            if (_head.Count >= _chunkSize) Seal();
        }
        if (run.Count > 0)
        {
            MinTime = run.Timestamps[0];
            MaxTime = run.Timestamps[run.Count - 1];
        }
        Count = run.Count;
    }

    /// <summary>Everything the series holds, decoded, sorted and deduplicated.</summary>
    public SampleRun ReadAll()
    {
        lock (this) return MergedUnlocked();
    }

    /// <summary>
    /// A snapshot for reading: the chunks (sealed ones shared, the open one copied) in time order
    /// and a copy of the out-of-order buffer.
    /// </summary>
    public (List<SealedChunk> Chunks, SampleRun? OutOfOrder) Snapshot()
    {
        lock (this)
        {
            var chunks = _sealed is null ? new List<SealedChunk>(1) : new List<SealedChunk>(_sealed);
            if (_head.Count > 0) chunks.Add(new SealedChunk(_head.Encoded.ToArray(), _head.Summary));
            return (chunks, _outOfOrder is { Count: > 0 } ? _outOfOrder.Snapshot() : null);
        }
    }

    /// <summary>Whether the series has samples out of order (flush must merge rather than copy chunks).</summary>
    public bool HasOutOfOrder
    {
        get { lock (this) return _outOfOrder is { Count: > 0 }; }
    }

    /// <summary>Approximate heap bytes held (chunks, buffer, this object).</summary>
    public long AllocatedBytes
    {
        get
        {
            lock (this)
            {
                long bytes = 64 + _head.AllocatedBytes + (_outOfOrder?.AllocatedBytes ?? 0);
                if (_sealed is not null) foreach (var c in _sealed) bytes += c.Bytes.Length + 80;
                return bytes;
            }
        }
    }

    private SampleRun MergedUnlocked()
    {
        var runs = new List<SampleRun>();
        var inOrder = DecodeChunks(_sealed, _head.Count > 0 ? _head : null);
        runs.Add(inOrder);
        if (_outOfOrder is { Count: > 0 }) runs.Add(_outOfOrder.Snapshot());
        return RunMerge.Merge(runs, Type == FieldType.VarChar);
    }

    private SampleRun DecodeChunks(List<SealedChunk>? sealedChunks, ChunkEncoder? head)
    {
        int total = head?.Count ?? 0;
        if (sealedChunks is not null) foreach (var c in sealedChunks) total += c.Summary.Count;
        var ts = new long[total];
        var vals = new long[total];
        var strs = Type == FieldType.VarChar ? new string[total] : null;
        int n = 0;
        if (sealedChunks is not null)
            foreach (var c in sealedChunks) n += DecodeInto(c.Bytes, ts, vals, strs, n);
        if (head is not null) n += DecodeInto(head.Encoded, ts, vals, strs, n);
        return new SampleRun(ts, vals, strs, n);
    }

    private static int DecodeInto(ReadOnlySpan<byte> chunk, long[] ts, long[] vals, string[]? strs, int at)
    {
        int count = ChunkCodec.GetCount(chunk);
        string[]? tmp = strs is null ? null : new string[count];
        ChunkCodec.Decode(chunk, ts.AsSpan(at, count), vals.AsSpan(at, count), tmp);
        if (tmp is not null) Array.Copy(tmp, 0, strs!, at, count);
        return count;
    }
}
