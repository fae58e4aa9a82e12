using Chronicle.Storage.Segments;

namespace Chronicle.Storage;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Retention: drops whole segments (a shard's files) in which every sample is past its table's
    /// retention, or belongs to a dropped table. Reads already hide expired samples
    /// (<see cref="Reading.ReadView.Read"/> clips the range); this gives the disk space back.
    /// Runs before each compaction pass.
    /// </summary>
    /// <returns>The number of segments dropped.</returns>
    private int DropExpiredSegments(long nowNs)
    {
        var state = State;
        var expired = new List<LiveSegment>();
        foreach (var segment in state.Segments)
        {
            bool allExpired = true;
            foreach (long id in segment.Reader.SeriesIds)
            {
                var info = _catalog.TryGetSeries(id);
                if (info is null) continue; // dropped table: nothing of it is reachable
                var retention = _catalog.GetTable(info.Key.Table)?.Retention;
                if (retention is null || segment.Entry.Info.MaxTime >= nowNs - retention.Value.Ticks * 100)
                {
                    allExpired = false;
                    break;
                }
            }
            if (allExpired) expired.Add(segment);
        }
        if (expired.Count == 0) return 0;

        var ids = expired.Select(e => e.Entry.Info.Id).ToHashSet();
        _manifestLock.Wait();
        try
        {
            var m = _manifest;
            var updated = m with { Version = m.Version + 1, Segments = m.Segments.Where(e => !ids.Contains(e.Info.Id)).ToArray() };
            Manifest.Commit(_fs, _segmentsDirectory, updated);
            _manifest = updated;
            UpdateState(s => s with { Segments = s.Segments.Where(l => !ids.Contains(l.Entry.Info.Id)).ToArray() });
        }
        finally
        {
            _manifestLock.Release();
        }
        foreach (var segment in expired)
        {
            segment.Reader.Dispose(); // queries holding it keep their reference
            _fs.DeleteFile(Path.Combine(_segmentsDirectory, segment.Entry.Info.FileName));
        }
        _fs.SyncDirectory(_segmentsDirectory);
        return expired.Count;
    }
}
