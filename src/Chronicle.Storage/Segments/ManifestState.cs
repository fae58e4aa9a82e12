namespace Chronicle.Storage.Segments;

/// <summary>
/// One version of the set of live segments, with the counters that must survive a restart. Immutable:
/// a change is a new state committed with <see cref="Manifest.Commit"/>.
/// </summary>
/// <param name="Version">Manifest version; the caller increments it for each commit.</param>
/// <param name="NextSegmentId">The ID to give the next segment written.</param>
/// <param name="NextSequence">The sequence to give the next segment or tombstone.</param>
/// <param name="Segments">The live segments, of all shards.</param>
/// <param name="Tombstones">Deletions that may still cover samples in live segments.</param>
/// <param name="WalCheckpointFile">Sequence number of the WAL file from which replay starts (everything before is in segments).</param>
/// <param name="WalCheckpointOffset">Byte offset in that WAL file from which replay starts.</param>
internal sealed record ManifestState(long Version, long NextSegmentId, long NextSequence, IReadOnlyList<SegmentEntry> Segments, IReadOnlyList<Tombstone> Tombstones, long WalCheckpointFile, long WalCheckpointOffset)
{
    /// <summary>The state of a new database: version 0, no segment or tombstone, IDs and sequences starting at 1, WAL replay from file 0 offset 0.</summary>
    public static ManifestState Empty { get; } = new(0, 1, 1, [], [], 0, 0);
}
