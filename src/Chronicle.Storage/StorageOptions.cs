using Chronicle.Storage.IO;

namespace Chronicle.Storage;

/// <summary>Settings of a <see cref="StorageEngine"/>; immutable once the engine is open.</summary>
public sealed record StorageOptions
{
    /// <summary>When the WAL is fsynced. Default <see cref="SyncMode.Interval"/>.</summary>
    public SyncMode SyncMode { get; init; } = SyncMode.Interval;

    /// <summary>Upper bound on the time between a write and its fsync in <see cref="SyncMode.Interval"/>. Default 1 s.</summary>
    public TimeSpan WalSyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Size in bytes at which the active WAL file is rotated. Default 128 MiB.</summary>
    public long WalMaxSize { get; init; } = 128L * 1024 * 1024;

    /// <summary>When more WAL files than this exist, the engine forces a memstore flush. Default 8.</summary>
    public int WalMaxFiles { get; init; } = 8;

    /// <summary>Samples per head chunk before it seals. Default 120 (the Gorilla paper's two hours at one minute).</summary>
    public int ChunkSize { get; init; } = 120;

    /// <summary>
    /// Samples per chunk in segment files (flush and compaction re-chunk to it); null uses
    /// <see cref="ChunkSize"/>. Larger chunks cost less index space per sample (480 gets TSBS-like
    /// data below 7 bytes per sample; see docs/benchmarks.md) but a time bucket narrower than a chunk
    /// cannot be answered from chunk statistics. At most 65,535.
    /// </summary>
    public int? SegmentChunkSize { get; init; }

    /// <summary>The segment chunk size in effect.</summary>
    internal int EffectiveSegmentChunkSize => SegmentChunkSize ?? ChunkSize;

    /// <summary>Samples held in the memstore before it is flushed to an L0 segment. Default 8 M.</summary>
    public long BufferSize { get; init; } = 8_000_000;

    /// <summary>Interval of the background flush timer; <see cref="TimeSpan.Zero"/> disables it. Default 10 minutes.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Default shard width for tables that do not set their own. Default one day.</summary>
    public TimeSpan ShardDuration { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Segments in one level of one shard that trigger a compaction into the next level. Default 4.</summary>
    public int CompactionThreshold { get; init; } = 4;

    /// <summary>Whether the background compaction manager runs. Default true.</summary>
    public bool BackgroundCompaction { get; init; } = true;

    /// <summary>Open without writing: no WAL appends, no flushes, no compaction. Default false.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The file layer; <see cref="PhysicalFileSystem.Instance"/> unless a test injects faults.</summary>
    public IFileSystem FileSystem { get; init; } = PhysicalFileSystem.Instance;
}
