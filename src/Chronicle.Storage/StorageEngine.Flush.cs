using Chronicle.Storage.Encoding;
using Chronicle.Storage.Head;
using Chronicle.Storage.Segments;
using Chronicle.Storage.Wal;

namespace Chronicle.Storage;

public sealed partial class StorageEngine
{
    private long _nextSegmentId;
    private Exception? _backgroundError;

    /// <summary>The last error of a background flush or compaction, or null. The engine keeps serving; the data stays in the WAL.</summary>
    public Exception? LastBackgroundError => Volatile.Read(ref _backgroundError);

    /// <summary>
    /// Flushes the memstore to L0 segments (one per shard touched), makes them live in the manifest,
    /// checkpoints the WAL and deletes the WAL files no longer needed.
    /// </summary>
    /// <exception cref="StorageException">Writing a segment or the manifest failed; the memstore stays readable and the WAL keeps its data.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotWritable();
        return FlushCoreAsync(cancellationToken);
    }

    private async Task FlushCoreAsync(CancellationToken cancellationToken)
    {
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // 1. Freeze: with no writer inside, every WAL record before `FrozenAt` is in the frozen memstore.
            await _gate.CloseAsync().ConfigureAwait(false);
            try
            {
                var active = State.Active;
                bool tombstonesPending = State.Tombstones.Count != _manifest.Tombstones.Count;
                if (active.SampleCount > 0 || (tombstonesPending && State.Frozen.Count == 0))
                {
                    _wal!.RotateNow();
                    active.FrozenAt = _wal.NextPosition;
                    var next = new Memstore(active.Sequence + 1, Options.ChunkSize);
                    UpdateState(s => s with { Active = next, Frozen = [active, .. s.Frozen] });
                }
            }
            finally
            {
                _gate.Open();
            }

            // 2. Flush every frozen memstore, oldest first. A memstore left frozen by a failed flush
            //    is retried here before anything newer, so the WAL checkpoint never passes data that
            //    is not yet in a segment.
            while (State.Frozen.Count > 0)
            {
                var frozen = State.Frozen[^1];
                await FlushFrozenAsync(frozen).ConfigureAwait(false);
            }
            _compactionSignal.Release();
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private async Task FlushFrozenAsync(Memstore frozen)
    {
        var upTo = frozen.FrozenAt;
        // Writers go on meanwhile into the active memstore.
        var written = WriteSegments(frozen);
        _fs.SyncDirectory(_segmentsDirectory);

        // Make them live: manifest first (durable), then the in-memory set.
        var live = new List<LiveSegment>();
        await _manifestLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var entries = written.Select(info => new SegmentEntry(info, frozen.Sequence)).ToArray();
            var m = _manifest;
            var updated = m with
            {
                Version = m.Version + 1,
                NextSegmentId = Math.Max(m.NextSegmentId, Interlocked.Read(ref _nextSegmentId)),
                NextSequence = Math.Max(m.NextSequence, frozen.Sequence + 1),
                Segments = [.. m.Segments, .. entries],
                Tombstones = State.Tombstones.ToArray(),
                WalCheckpointFile = upTo.FileSequence,
                WalCheckpointOffset = upTo.Offset,
            };
            foreach (var e in entries) live.Add(new LiveSegment(SegmentReader.Open(_fs, Path.Combine(_segmentsDirectory, e.Info.FileName)), e));
            Manifest.Commit(_fs, _segmentsDirectory, updated);
            _manifest = updated;
            UpdateState(s => s with { Segments = [.. s.Segments, .. live], Frozen = s.Frozen.Where(f => f != frozen).ToArray() });
        }
        catch
        {
            foreach (var l in live) l.Reader.Dispose();
            throw;
        }
        finally
        {
            _manifestLock.Release();
        }

        // The WAL before `upTo` is now redundant.
        _wal!.Checkpoint(upTo, []);
    }

    private void UpdateState(Func<EngineState, EngineState> change)
    {
        while (true)
        {
            var state = State;
            if (Interlocked.CompareExchange(ref _state, change(state), state) == state) return;
        }
    }

    private long AllocateSegmentId() => Interlocked.Increment(ref _nextSegmentId) - 1;

    /// <summary>Shard start of <paramref name="time"/> for a shard width of <paramref name="width"/> ns (floor, also for negative times).</summary>
    internal static long ShardStart(long time, long width)
    {
        long r = time % width;
        if (r < 0) r += width;
        return time - r;
    }

    private long ShardWidth(string table)
    {
        var schema = _catalog.GetTable(table);
        var d = schema?.ShardDuration ?? Options.ShardDuration ?? StorageOptions.DefaultShardDuration(schema?.Retention);
        return Math.Max(1, d.Ticks * 100);
    }

    /// <summary>The shard width in nanoseconds of the table of series <paramref name="seriesId"/>; 0 when the series is unknown (dropped).</summary>
    private long SeriesShardWidth(long seriesId) => _catalog.TryGetSeries(seriesId) is { } info ? ShardWidth(info.Key.Table) : 0;

    /// <summary>
    /// Writes a frozen memstore as one L0 segment per shard; returns their descriptions (fsynced files).
    /// Each series is re-chunked at its alignment window (<see cref="ChunkAlignment"/>), so head chunks
    /// (sealed by count) are decoded and encoded again.
    /// </summary>
    private List<SegmentInfo> WriteSegments(Memstore frozen)
    {
        var writers = new SortedDictionary<long, SegmentWriter>();
        var encoders = new ChunkEncoder?[5]; // by FieldType, reused across series
        int maxSamples = Options.EffectiveSegmentChunkSize;
        try
        {
            foreach (var series in frozen.SeriesInIdOrder())
            {
                var info = _catalog.TryGetSeries(series.Id);
                if (info is null || series.Count == 0) continue; // dropped table
                long width = ShardWidth(info.Key.Table);
                var run = series.ReadAll();
                var ts = run.Timestamps;
                var encoder = encoders[(int)series.Type] ??= new ChunkEncoder(series.Type, forSegments: true);
                int i = 0;
                while (i < run.Count)
                {
                    long shard = ShardStart(ts[i], width), shardLast = ChunkAlignment.LastInWindow(ts[i], width);
                    int end = i + 1;
                    while (end < run.Count && ts[end] <= shardLast) end++;
                    long window = ChunkAlignment.ChooseWindow(end - i, ts[i], ts[end - 1], width, maxSamples);
                    var writer = WriterFor(writers, shard);
                    while (i < end)
                    {
                        // One chunk: the samples from i in i's window, at most maxSamples of them.
                        long last = ChunkAlignment.LastInWindow(ts[i], window);
                        int stop = i + 1, limit = Math.Min(end, i + maxSamples);
                        while (stop < limit && ts[stop] <= last) stop++;
                        encoder.Reset();
                        if (run.Strings is null) encoder.AppendRange(ts.AsSpan(i, stop - i), run.Values.AsSpan(i, stop - i));
                        else for (int k = i; k < stop; k++) encoder.Append(ts[k], run.Strings[k]);
                        writer.AddChunk(series.Id, series.Type, encoder.SegmentEncoded, encoder.Summary);
                        i = stop;
                    }
                }
            }
            var infos = new List<SegmentInfo>();
            foreach (var w in writers.Values) infos.Add(w.Finish());
            return infos;
        }
        finally
        {
            foreach (var w in writers.Values) w.Dispose();
        }
    }

    private SegmentWriter WriterFor(SortedDictionary<long, SegmentWriter> writers, long shardStart)
    {
        if (!writers.TryGetValue(shardStart, out var writer))
        {
            long id = AllocateSegmentId();
            writer = new SegmentWriter(_fs, Path.Combine(_segmentsDirectory, SegmentFormat.FileNameFor(id)), id, 0, shardStart);
            writers[shardStart] = writer;
        }
        return writer;
    }

    private void RecordBackgroundError(Exception e) => Volatile.Write(ref _backgroundError, e);
}
