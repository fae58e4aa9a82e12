using Chronicle.Storage.Compaction;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage;

public sealed partial class StorageEngine
{
    private readonly SemaphoreSlim _compactionSignal = new(0);
    private readonly SemaphoreSlim _compactionLock = new(1, 1);
    private Task? _compactionTask;

    private void StartBackgroundWork()
    {
        _nextSegmentId = Math.Max(_manifest.NextSegmentId, 1);
        if (Options.ReadOnly) return;
        if (Options.FlushInterval > TimeSpan.Zero) _flushTimer = Task.Run(FlushTimerLoopAsync);
        if (Options.BackgroundCompaction)
        {
            _compactionTask = Task.Run(CompactionLoopAsync);
            _compactionSignal.Release(); // segments may already be over the threshold
        }
    }

    private async Task FlushTimerLoopAsync()
    {
        using var timer = new PeriodicTimer(Options.FlushInterval);
        while (await timer.WaitForNextTickAsync(_shutdown.Token).ConfigureAwait(false))
        {
            try { await FlushCoreAsync(_shutdown.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (Exception e) { RecordBackgroundError(e); }
        }
    }

    private async Task CompactionLoopAsync()
    {
        while (true)
        {
            await _compactionSignal.WaitAsync(_shutdown.Token).ConfigureAwait(false);
            try { await CompactCoreAsync(_shutdown.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (Exception e) { RecordBackgroundError(e); }
        }
    }

    /// <summary>Runs compaction now until no level of any shard is over <see cref="StorageOptions.CompactionThreshold"/>.</summary>
    /// <exception cref="StorageException">A merge or the manifest commit failed; the old segments stay live.</exception>
    public Task CompactAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotWritable();
        return CompactCoreAsync(cancellationToken);
    }

    private async Task CompactCoreAsync(CancellationToken cancellationToken)
    {
        await _compactionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DropExpiredSegments(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
            while (!cancellationToken.IsCancellationRequested)
            {
                var state = State;
                var jobs = state.Segments.Select(s => s.Entry)
                    .GroupBy(e => e.Info.ShardStart)
                    .SelectMany(g => CompactionPlanner.Plan(g.ToArray(), Options.CompactionThreshold))
                    .ToArray();
                if (jobs.Length == 0) return;
                foreach (var job in jobs)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    RunCompaction(job, state);
                }
            }
        }
        finally
        {
            _compactionLock.Release();
        }
    }

    /// <summary>
    /// Merges one job's inputs into a new segment, then swaps the live set: manifest (durable)
    /// first, then memory. Queries holding the inputs keep reading them (their maps stay valid
    /// after the unlink); the engine's reference is released here.
    /// </summary>
    private void RunCompaction(CompactionJob job, EngineState state)
    {
        var inputIds = job.Inputs.Select(e => e.Info.Id).ToHashSet();
        var inputs = state.Segments.Where(s => inputIds.Contains(s.Entry.Info.Id)).ToArray();
        if (inputs.Length != job.Inputs.Count) return;
        long id = AllocateSegmentId();
        string fileName = SegmentFormat.FileNameFor(id);
        string path = Path.Combine(_segmentsDirectory, fileName);
        var info = SegmentMerger.Merge(_fs, inputs.Select(s => (s.Reader, s.Entry.Sequence)).ToArray(), path, id, job.OutputLevel,
            job.ShardStart, state.Tombstones, long.MinValue, Options.EffectiveSegmentChunkSize, SeriesShardWidth);
        _fs.SyncDirectory(_segmentsDirectory);

        LiveSegment? output = null;
        _manifestLock.Wait();
        try
        {
            var entry = new SegmentEntry(info, job.OutputSequence);
            if (!info.IsEmpty) output = new LiveSegment(SegmentReader.Open(_fs, path), entry);
            var m = _manifest;
            var updated = m with
            {
                Version = m.Version + 1,
                NextSegmentId = Math.Max(m.NextSegmentId, Interlocked.Read(ref _nextSegmentId)),
                Segments = [.. m.Segments.Where(e => !inputIds.Contains(e.Info.Id)), .. (info.IsEmpty ? Array.Empty<SegmentEntry>() : [entry])],
            };
            Manifest.Commit(_fs, _segmentsDirectory, updated);
            _manifest = updated;
            UpdateState(s => s with
            {
                Segments = [.. s.Segments.Where(l => !inputIds.Contains(l.Entry.Info.Id)), .. (output is null ? Array.Empty<LiveSegment>() : [output])],
            });
        }
        catch
        {
            output?.Reader.Dispose();
            _fs.DeleteFile(path);
            throw;
        }
        finally
        {
            _manifestLock.Release();
        }
        if (info.IsEmpty) _fs.DeleteFile(path);
        foreach (var input in inputs)
        {
            input.Reader.Dispose();
            _fs.DeleteFile(Path.Combine(_segmentsDirectory, input.Entry.Info.FileName));
        }
        _fs.SyncDirectory(_segmentsDirectory);
    }
}
