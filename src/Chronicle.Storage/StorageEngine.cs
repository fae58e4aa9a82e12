using Chronicle.Storage.Catalog;
using Chronicle.Storage.Head;
using Chronicle.Storage.IO;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Segments;
using Chronicle.Storage.Wal;

namespace Chronicle.Storage;

/// <summary>
/// The storage engine of one database directory: the series catalog (<c>catalog.db</c>), the WAL
/// (<c>wal/</c>), the memstore of head chunks, and the segment files with their manifest
/// (<c>segments/</c>). Thread-safe: many concurrent writers and readers. One process owns a
/// directory at a time (the <c>LOCK</c> file). See <c>docs/architecture.md</c> and <c>docs/durability.md</c>.
/// </summary>
/// <remarks>
/// The engine is split over partial files by concern: this one opens and closes, <c>StorageEngine.Write.cs</c>
/// is the write path, <c>StorageEngine.Flush.cs</c> the flush and <c>StorageEngine.Compact.cs</c> the
/// compaction manager. Model: Prometheus <c>tsdb/db.go</c> and <c>tsdb/head.go</c>, in smaller pieces.
/// </remarks>
public sealed partial class StorageEngine : IDisposable, IAsyncDisposable
{
    private readonly IFileSystem _fs;
    private readonly DirectoryLock? _lock;
    private readonly SeriesCatalog _catalog;
    private readonly WriteAheadLog? _wal;
    private readonly string _segmentsDirectory;
    private readonly WriterGate _gate = new();
    private readonly SemaphoreSlim _manifestLock = new(1, 1);
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<string> _recoveryMessages = [];
    private ManifestState _manifest;
    private EngineState _state;
    private Task? _flushTimer;
    private int _disposed;

    private StorageEngine(string directory, StorageOptions options, IFileSystem fs, DirectoryLock? dirLock, SeriesCatalog catalog,
        WriteAheadLog? wal, string segmentsDirectory, ManifestState manifest, EngineState state)
    {
        Directory = directory;
        Options = options;
        _fs = fs;
        _lock = dirLock;
        _catalog = catalog;
        _wal = wal;
        _segmentsDirectory = segmentsDirectory;
        _manifest = manifest;
        _state = state;
    }

    /// <summary>Opens (creating when missing) the database in <paramref name="directory"/> and recovers it from its WAL.</summary>
    /// <param name="directory">The database directory.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="StorageException">The directory is locked by another process (the message names the lock file), is missing in read-only mode, or cannot be created.</exception>
    /// <exception cref="CorruptionException">A WAL record other than a torn tail of the last file, or the manifest, has a bad CRC (the message names file and offset).</exception>
    public static StorageEngine Open(string directory, StorageOptions? options = null)
    {
        options ??= new StorageOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 1, nameof(options.ChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ChunkSize, ushort.MaxValue, nameof(options.ChunkSize));
        if (options.SegmentChunkSize is < 1 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), "SegmentChunkSize must be between 1 and 65,535");
        if (options.ShardDuration is { } shard && shard <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "ShardDuration must be positive, or null to derive it from each table's retention");
        var fs = options.FileSystem;
        directory = Path.GetFullPath(directory);
        if (options.ReadOnly && !System.IO.Directory.Exists(directory) && fs is PhysicalFileSystem)
            throw new StorageException($"database directory '{directory}' does not exist (opened read-only)");
        fs.CreateDirectory(directory);
        // The catalog is SQLite, which does its own I/O on the real file system (and its own crash safety).
        if (fs is not PhysicalFileSystem && !options.ReadOnly) System.IO.Directory.CreateDirectory(directory);
        DirectoryLock? dirLock = fs is PhysicalFileSystem && !options.ReadOnly ? DirectoryLock.Acquire(directory) : null;
        SeriesCatalog? catalog = null;
        WriteAheadLog? wal = null;
        var opened = new List<SegmentReader>();
        try
        {
            catalog = SeriesCatalog.Open(Path.Combine(directory, "catalog.db"), options.ReadOnly);
            string segmentsDir = Path.Combine(directory, "segments");
            fs.CreateDirectory(segmentsDir);
            var manifest = Manifest.Load(fs, segmentsDir);
            var messages = new List<string>();
            if (!options.ReadOnly)
            {
                foreach (var orphan in Manifest.FindOrphans(fs, segmentsDir, manifest))
                {
                    fs.DeleteFile(Path.Combine(segmentsDir, orphan));
                    messages.Add($"deleted orphan segment file {orphan} (left by an interrupted flush or compaction)");
                }
            }
            var live = new List<LiveSegment>();
            var quarantined = new List<SegmentEntry>();
            foreach (var entry in manifest.Segments)
            {
                string path = Path.Combine(segmentsDir, entry.Info.FileName);
                try
                {
                    var reader = SegmentReader.Open(fs, path);
                    opened.Add(reader);
                    live.Add(new LiveSegment(reader, entry));
                }
                catch (Exception e) when (e is CorruptionException or FileNotFoundException && !options.ReadOnly)
                {
                    quarantined.Add(entry);
                    if (fs.FileExists(path)) fs.Rename(path, path + ".quarantined");
                    messages.Add($"quarantined segment {entry.Info.FileName}: {e.Message}");
                }
            }
            if (quarantined.Count > 0)
            {
                manifest = manifest with { Version = manifest.Version + 1, Segments = manifest.Segments.Except(quarantined).ToArray() };
                Manifest.Commit(fs, segmentsDir, manifest);
            }

            // Replayed samples must be newer than every segment and every persisted tombstone
            // (a replayed Delete record recreates the tombstones they are subject to).
            long sequence = Math.Max(manifest.NextSequence, manifest.Tombstones.Count == 0 ? 0 : manifest.Tombstones.Max(t => t.Sequence) + 1);
            var active = new Memstore(sequence, options.ChunkSize);
            var state = new EngineState(active, [], live, manifest.Tombstones.ToArray());
            if (!options.ReadOnly)
            {
                wal = WriteAheadLog.Open(fs, directory,
                    new WalOptions(options.SyncMode, options.WalSyncInterval, options.WalMaxSize), out var report);
                messages.AddRange(report.Messages);
            }
            var engine = new StorageEngine(directory, options, fs, dirLock, catalog, wal, segmentsDir, manifest, state);
            engine._recoveryMessages.AddRange(messages);
            if (wal is not null) engine.Replay(new WalPosition(manifest.WalCheckpointFile, manifest.WalCheckpointOffset));
            engine.StartBackgroundWork();
            return engine;
        }
        catch
        {
            foreach (var r in opened) r.Dispose();
            wal?.Dispose();
            catalog?.Dispose();
            dirLock?.Dispose();
            throw;
        }
    }

    /// <summary>The database directory (full path).</summary>
    public string Directory { get; }

    /// <summary>The options the engine was opened with.</summary>
    public StorageOptions Options { get; }

    /// <summary>What recovery did at open: torn WAL tails truncated, orphan files deleted, segments quarantined, records replayed.</summary>
    public IReadOnlyList<string> RecoveryMessages => _recoveryMessages;

    internal SeriesCatalog Catalog => _catalog;

    internal EngineState State => Volatile.Read(ref _state);

    /// <summary>Tables in the catalog, sorted by name.</summary>
    public IReadOnlyList<TableSchema> Tables => _catalog.Tables;

    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public TableSchema? GetTable(string name) => _catalog.GetTable(name);

    /// <summary>Creates a table durably in the catalog.</summary>
    /// <returns>True when created; false when it existed and <paramref name="ifNotExists"/> is set.</returns>
    /// <exception cref="StorageException">The table exists and <paramref name="ifNotExists"/> is false, or the engine is read-only.</exception>
    public bool CreateTable(TableSchema schema, bool ifNotExists = false)
    {
        ThrowIfNotWritable();
        ArgumentNullException.ThrowIfNull(schema);
        // The shard width is fixed at creation: a later change of the engine default must not give
        // one table segments of two widths.
        if (schema.ShardDuration is null)
            schema = new TableSchema(schema.Name, schema.Columns, schema.Retention, Options.ShardDuration ?? StorageOptions.DefaultShardDuration(schema.Retention));
        return _catalog.CreateTable(schema, ifNotExists);
    }

    /// <summary>Drops a table: its catalog entry and its series; their samples become unreachable and are removed by compaction.</summary>
    /// <returns>True when dropped; false when missing and <paramref name="ifExists"/> is set.</returns>
    /// <exception cref="StorageException">The table is missing and <paramref name="ifExists"/> is false, or the engine is read-only.</exception>
    public bool DropTable(string name, bool ifExists = false)
    {
        ThrowIfNotWritable();
        var ids = _catalog.DropTable(name, ifExists);
        if (ids is null) return false;
        foreach (var m in new[] { State.Active }.Concat(State.Frozen))
            foreach (var id in ids) m.TryGet(id)?.Delete(long.MinValue, long.MaxValue);
        return true;
    }

    /// <summary>
    /// Resolves series keys to IDs, creating the missing ones. New series of one call are committed
    /// to the catalog in one SQLite transaction, durably, before this returns.
    /// </summary>
    /// <param name="keys">Series keys; their tables must exist, their fields be field columns and their tags tag columns.</param>
    /// <param name="ids">Receives the ID of each key; at least as long as <paramref name="keys"/>.</param>
    /// <exception cref="StorageException">A table, field or tag is unknown, or the engine is read-only.</exception>
    public void GetOrCreateSeries(ReadOnlySpan<SeriesKey> keys, Span<long> ids)
    {
        ThrowIfNotWritable();
        _catalog.GetOrCreate(keys, ids);
    }

    /// <summary>The series with ID <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such series (never created, or its table was dropped).</exception>
    public SeriesInfo GetSeries(long id) =>
        _catalog.TryGetSeries(id) ?? throw new KeyNotFoundException($"series {id} does not exist");

    /// <summary>A consistent snapshot for reading; dispose it to release the segments it pins.</summary>
    /// <exception cref="ObjectDisposedException">The engine is closed.</exception>
    public ReadView OpenReadView()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        while (true)
        {
            var state = State;
            // The segment order is computed once per segment set, not per view (a race computes it twice, harmlessly).
            var order = SegmentOrder.For(state.Segments, Volatile.Read(ref _segmentOrder));
            Volatile.Write(ref _segmentOrder, order);
            var segments = order.NewestFirst;
            int pinned = 0;
            while (pinned < segments.Length && segments[pinned].Reader.TryAddRef()) pinned++;
            if (pinned == segments.Length) return new ReadView(this, state, order);
            for (int i = 0; i < pinned; i++) segments[i].Reader.Release(); // a compaction swapped the set meanwhile: take the new one
        }
    }

    // The order of the last segment set a view was opened on (see SegmentOrder.For).
    private SegmentOrder? _segmentOrder;

    /// <summary>Counts of what the engine holds, for monitoring and tests.</summary>
    public EngineStatistics GetStatistics()
    {
        var state = State;
        return new EngineStatistics(
            SeriesCount: _catalog.SeriesCount,
            MemstoreSamples: state.Active.SampleCount + state.Frozen.Sum(f => f.SampleCount),
            MemstoreBytes: state.Active.AllocatedBytes() + state.Frozen.Sum(f => f.AllocatedBytes()),
            SegmentCount: state.Segments.Count,
            SegmentBytes: state.Segments.Sum(s => s.Entry.Info.SizeBytes),
            SegmentSamples: state.Segments.Sum(s => s.Entry.Info.SampleCount),
            SegmentsPerLevel: state.Segments.GroupBy(s => s.Entry.Info.Level).OrderBy(g => g.Key).Select(g => g.Count()).ToArray(),
            WalFiles: _wal?.FileCount ?? 0,
            WalBytes: _wal?.TotalBytes ?? 0);
    }

    private void ThrowIfNotWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Options.ReadOnly) throw new StorageException($"the database '{Directory}' is open read-only");
    }

    /// <summary>Flushes the memstore (a clean close leaves an empty WAL), stops background work and releases every file.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _shutdown.Cancel();
        try
        {
            if (_flushTimer is not null) await _flushTimer.ConfigureAwait(false);
            if (_compactionTask is not null) await _compactionTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        try
        {
            if (_wal is not null) await FlushCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageException or IOException)
        {
            RecordBackgroundError(e); // the samples stay in the WAL and are replayed at the next open
        }
        finally
        {
            _wal?.Dispose();
            foreach (var s in State.Segments) s.Reader.Dispose();
            _catalog.Dispose();
            _lock?.Dispose();
            _shutdown.Dispose();
        }
    }
}

/// <summary>What the engine holds.</summary>
/// <param name="SeriesCount">Series in the catalog.</param>
/// <param name="MemstoreSamples">Samples in memstores (not yet in segments).</param>
/// <param name="MemstoreBytes">Approximate heap bytes of the memstores.</param>
/// <param name="SegmentCount">Live segments.</param>
/// <param name="SegmentBytes">Bytes of the live segment files.</param>
/// <param name="SegmentSamples">Samples in live segments.</param>
/// <param name="SegmentsPerLevel">Live segments per level, from level 0.</param>
/// <param name="WalFiles">WAL files on disk.</param>
/// <param name="WalBytes">Bytes of WAL files.</param>
public sealed record EngineStatistics(long SeriesCount, long MemstoreSamples, long MemstoreBytes, int SegmentCount, long SegmentBytes,
    long SegmentSamples, IReadOnlyList<int> SegmentsPerLevel, int WalFiles, long WalBytes);
