using Chronicle.Storage.Catalog;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Writing;

namespace Chronicle.Storage;

/// <summary>
/// The storage engine of one database directory: the series catalog (<c>catalog.db</c>), the WAL
/// (<c>wal/</c>), the memstore of head chunks, and the segment files (<c>segments/</c>) with their
/// manifest. Thread-safe: many concurrent writers and readers. One process owns a directory at a
/// time (<c>LOCK</c> file). See <c>docs/architecture.md</c> and <c>docs/durability.md</c>.
/// </summary>
public sealed partial class StorageEngine : IDisposable, IAsyncDisposable
{
    /// <summary>Opens (creating when missing) the database in <paramref name="directory"/> and recovers it from its WAL.</summary>
    /// <exception cref="StorageException">The directory is locked by another process (the message names the lock file), or cannot be created.</exception>
    /// <exception cref="CorruptionException">A WAL record other than a torn tail of the last file has a bad CRC (the message names file and offset).</exception>
    public static StorageEngine Open(string directory, StorageOptions? options = null) => throw new NotImplementedException();

    /// <summary>The database directory.</summary>
    public string Directory => throw new NotImplementedException();

    /// <summary>The options the engine was opened with.</summary>
    public StorageOptions Options => throw new NotImplementedException();

    /// <summary>Tables in the catalog, by name.</summary>
    public IReadOnlyList<TableSchema> Tables => throw new NotImplementedException();

    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public TableSchema? GetTable(string name) => throw new NotImplementedException();

    /// <summary>Creates a table durably in the catalog.</summary>
    /// <returns>True when created; false when it existed and <paramref name="ifNotExists"/> is set.</returns>
    /// <exception cref="StorageException">The table exists and <paramref name="ifNotExists"/> is false.</exception>
    public bool CreateTable(TableSchema schema, bool ifNotExists = false) => throw new NotImplementedException();

    /// <summary>Drops a table: its catalog entry and (through tombstones) all its samples.</summary>
    /// <returns>True when dropped; false when missing and <paramref name="ifExists"/> is set.</returns>
    /// <exception cref="StorageException">The table is missing and <paramref name="ifExists"/> is false.</exception>
    public bool DropTable(string name, bool ifExists = false) => throw new NotImplementedException();

    /// <summary>
    /// Resolves series keys to IDs, creating the missing ones. New series of one call are committed
    /// to the catalog in one SQLite transaction, durably, before this returns.
    /// </summary>
    /// <param name="keys">Series keys; their tables must exist and their fields be field columns.</param>
    /// <param name="ids">Receives the ID of each key, same length as <paramref name="keys"/>.</param>
    /// <exception cref="StorageException">A table or field is unknown.</exception>
    public void GetOrCreateSeries(ReadOnlySpan<SeriesKey> keys, Span<long> ids) => throw new NotImplementedException();

    /// <summary>The series with ID <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such series.</exception>
    public SeriesInfo GetSeries(long id) => throw new NotImplementedException();

    /// <summary>
    /// Writes a batch: one WAL Samples record (group commit), then the head. Returns when the
    /// write is acknowledged under <see cref="StorageOptions.SyncMode"/>; the samples are visible
    /// to reads from then on.
    /// </summary>
    /// <exception cref="ArgumentException">A run's type differs from its series' type, or a series ID is unknown.</exception>
    /// <exception cref="StorageException">The WAL write or sync failed; nothing of the batch is visible and earlier data is intact.</exception>
    public ValueTask WriteAsync(SampleBatch batch, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Deletes the samples of <paramref name="seriesIds"/> with <paramref name="minTime"/> &lt;= time &lt;= <paramref name="maxTime"/> (a tombstone).</summary>
    public ValueTask DeleteAsync(IReadOnlyList<long> seriesIds, long minTime, long maxTime, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>A consistent snapshot for reading; dispose it to release the segments it pins.</summary>
    public ReadView OpenReadView() => throw new NotImplementedException();

    /// <summary>Flushes the memstore to L0 segments, checkpoints the WAL and deletes WAL files no longer needed.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Runs compaction now until no level of any shard is over its threshold.</summary>
    public Task CompactAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc/>
    public void Dispose() => throw new NotImplementedException();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
