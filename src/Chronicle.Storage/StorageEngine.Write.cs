using Chronicle.Storage.Head;
using Chronicle.Storage.Segments;
using Chronicle.Storage.Wal;
using Chronicle.Storage.Writing;

namespace Chronicle.Storage;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Writes a batch: one WAL Samples record (group commit), then the head. Returns when the write
    /// is acknowledged under <see cref="StorageOptions.SyncMode"/>; the samples are visible to reads
    /// from then on. The batch is applied all or nothing, also after a crash.
    /// </summary>
    /// <exception cref="ArgumentException">A run's type differs from its series' type, or a series ID is unknown.</exception>
    /// <exception cref="StorageException">The WAL write or sync failed; nothing of the batch is visible and earlier data is intact.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the batch reached the WAL (nothing written).</exception>
    public async ValueTask WriteAsync(SampleBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfNotWritable();
        if (batch.Count == 0) return;
        Validate(batch);
        byte[] payload = WalCodec.EncodeSamples(batch);
        await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The head apply runs in WAL order (ADR 7), so the later of two writes to one series and
            // timestamp wins both now and after a replay.
            await _wal!.AppendAsync(WalRecordType.Samples, payload, CancellationToken.None, _ => Apply(batch, State.Active)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Exit();
        }
        MaybeScheduleFlush();
    }

    /// <summary>Synchronous form of <see cref="WriteAsync"/>: blocks without spinning (<see cref="SyncWait"/>).</summary>
    public void Write(SampleBatch batch) => SyncWait.Wait(WriteAsync(batch));

    /// <summary>
    /// Deletes the samples of <paramref name="seriesIds"/> with <paramref name="minTime"/> &lt;= time &lt;= <paramref name="maxTime"/>:
    /// a WAL Delete record, then the memstores are purged and a tombstone hides the samples in segments
    /// until compaction removes them.
    /// </summary>
    /// <exception cref="StorageException">The WAL write failed, or the engine is read-only.</exception>
    public async ValueTask DeleteAsync(IReadOnlyList<long> seriesIds, long minTime, long maxTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seriesIds);
        ThrowIfNotWritable();
        if (seriesIds.Count == 0 || minTime > maxTime) return;
        var ids = seriesIds.Distinct().Order().ToArray();
        byte[] payload = WalCodec.EncodeDelete(new WalDelete(ids, minTime, maxTime));
        // The flush lock keeps a flush from writing a frozen memstore while this purges it.
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _wal!.AppendAsync(WalRecordType.Delete, payload, CancellationToken.None, _ => ApplyDelete(ids, minTime, maxTime)).ConfigureAwait(false);
            }
            finally
            {
                _gate.Exit();
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private void ApplyDelete(long[] sortedIds, long minTime, long maxTime)
    {
        EngineState state, next;
        do
        {
            state = State;
            foreach (var m in new[] { state.Active }.Concat(state.Frozen))
                foreach (var id in sortedIds) m.TryGet(id)?.Delete(minTime, maxTime);
            var tombstone = new Tombstone(sortedIds, minTime, maxTime, state.Active.Sequence);
            next = state with { Tombstones = [.. state.Tombstones, tombstone] };
        }
        while (Interlocked.CompareExchange(ref _state, next, state) != state);
    }

    private void Validate(SampleBatch batch)
    {
        long lastId = long.MinValue;
        foreach (var run in batch.Runs)
        {
            if (run.SeriesId == lastId) continue;
            lastId = run.SeriesId;
            var info = _catalog.TryGetSeries(run.SeriesId)
                ?? throw new ArgumentException($"series {run.SeriesId} does not exist: create it with GetOrCreateSeries first", nameof(batch));
            if (info.Type != run.Type)
                throw new ArgumentException($"series {run.SeriesId} ({info.Key.Table}.{info.Key.Field}) holds {info.Type} values, not {run.Type}", nameof(batch));
        }
    }

    /// <summary>Appends a batch to a memstore's series. Called with the writer gate held (or during replay).</summary>
    private static void Apply(SampleBatch batch, Memstore memstore)
    {
        var timestamps = batch.Timestamps;
        var values = batch.Values;
        var strings = batch.Strings;
        foreach (var run in batch.Runs)
        {
            var series = memstore.GetOrAdd(run.SeriesId, run.Type);
            if (run.Type == Chronicle.Storage.FieldType.VarChar)
            {
                for (int i = run.Start; i < run.Start + run.Count; i++)
                    series.Append(timestamps[i], 0, strings[(int)values[i]]);
            }
            else
            {
                series.AppendRange(timestamps.Slice(run.Start, run.Count), values.Slice(run.Start, run.Count));
            }
        }
        memstore.AddCount(batch.Count);
    }

    /// <summary>Whether every run of a replayed batch belongs to a live series of its type (the common case: nothing to filter).</summary>
    private bool AllSeriesLive(SampleBatch batch)
    {
        foreach (var run in batch.Runs)
        {
            var info = _catalog.TryGetSeries(run.SeriesId);
            if (info is null || info.Type != run.Type) return false;
        }
        return true;
    }

    private void MaybeScheduleFlush()
    {
        var state = State;
        bool full = state.Active.SampleCount >= Options.BufferSize;
        bool walTooLong = _wal!.FileCount > Options.WalMaxFiles;
        if ((full || walTooLong) && Interlocked.CompareExchange(ref _flushScheduled, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try { await FlushCoreAsync(_shutdown.Token).ConfigureAwait(false); }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { }
                catch (Exception e) { RecordBackgroundError(e); }
                finally { Volatile.Write(ref _flushScheduled, 0); }
            });
        }
    }

    private int _flushScheduled;

    /// <summary>Replays the WAL records at or after <paramref name="from"/> (the manifest's checkpoint) into the active memstore.</summary>
    private void Replay(WalPosition from)
    {
        long samples = 0, records = 0, skipped = 0;
        var decoded = new SampleBatch(); // reused: replay allocates per record only when a batch grows
        var kept = new SampleBatch();
        foreach (var record in _wal!.ReadForReplay())
        {
            if (record.Position.CompareTo(from) < 0) continue;
            switch (record.Type)
            {
                case WalRecordType.Samples:
                {
                    decoded.Clear();
                    WalCodec.DecodeSamples(record.Payload.Span, decoded);
                    var batch = decoded;
                    if (!AllSeriesLive(decoded))
                    {
                        batch = kept;
                        kept.Clear();
                        foreach (var run in decoded.Runs)
                        {
                            var info = _catalog.TryGetSeries(run.SeriesId);
                            if (info is null || info.Type != run.Type) { skipped += run.Count; continue; } // the series' table was dropped
                            if (run.Type == Chronicle.Storage.FieldType.VarChar)
                                for (int i = run.Start; i < run.Start + run.Count; i++) kept.Append(run.SeriesId, decoded.Timestamps[i], decoded.Strings[(int)decoded.Values[i]]);
                            else
                                kept.AppendRangeBits(run.SeriesId, run.Type, decoded.Timestamps.Slice(run.Start, run.Count), decoded.Values.Slice(run.Start, run.Count));
                        }
                    }
                    Apply(batch, State.Active);
                    samples += batch.Count;
                    break;
                }
                case WalRecordType.Delete:
                {
                    var (ids, min, max) = WalCodec.DecodeDelete(record.Payload.Span);
                    ApplyDelete(ids.Order().ToArray(), min, max);
                    break;
                }
                default:
                    break; // Series records: the catalog is authoritative. Checkpoint records: handled by the WAL.
            }
            records++;
        }
        if (records > 0)
            _recoveryMessages.Add($"replayed {records} WAL records ({samples} samples) from {from}" +
                (skipped > 0 ? $"; skipped {skipped} samples of dropped series" : ""));
    }
}
