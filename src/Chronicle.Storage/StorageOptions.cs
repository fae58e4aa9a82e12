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
    /// Maximum samples per chunk in segment files; null uses 512. Flush and compaction cut a series'
    /// chunks at multiples of an alignment window (1 min, 5 min, 15 min, 1 h, 6 h, 1 day or 7 days,
    /// at most the shard): the widest whose expected sample count, from the series' rate in the
    /// segment, stays within this maximum; a chunk also ends when it reaches this count. So 10-second
    /// data gets 1-hour chunks of 360 samples and hourly data 7-day chunks. A time bucket that is a
    /// multiple of the window is answered from chunk statistics; larger chunks cost less index space
    /// per sample (docs/benchmarks.md, "Bytes per sample"). 1 to 65,535.
    /// </summary>
    public int? SegmentChunkSize { get; init; }

    /// <summary>The maximum samples per segment chunk in effect.</summary>
    internal int EffectiveSegmentChunkSize => SegmentChunkSize ?? Segments.ChunkAlignment.DefaultMaxSamples;

    /// <summary>Samples held in the memstore before it is flushed to an L0 segment. Default 8 M.</summary>
    public long BufferSize { get; init; } = 8_000_000;

    /// <summary>Interval of the background flush timer; <see cref="TimeSpan.Zero"/> disables it. Default 10 minutes.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Shard width for tables created without their own <c>shard_duration</c>; null (the default)
    /// derives it from the table's retention as InfluxDB does for shard groups: retention under
    /// 2 days gives 1 hour, up to 6 months 1 day, longer or none 7 days
    /// (<see cref="DefaultShardDuration"/>). The width is stored with the table when it is created.
    /// </summary>
    public TimeSpan? ShardDuration { get; init; }

    /// <summary>
    /// The shard width InfluxDB's rule gives a table of <paramref name="retention"/>: under 2 days
    /// 1 hour; 2 days to 6 months (180 days) 1 day; longer, or null (keep everything), 7 days.
    /// Source: InfluxDB 1.x documentation, "Shard group duration" (storage engine, retention policies).
    /// </summary>
    /// <param name="retention">The table's retention, or null for none.</param>
    public static TimeSpan DefaultShardDuration(TimeSpan? retention) => retention switch
    {
        null => TimeSpan.FromDays(7),
        { } r when r < TimeSpan.FromDays(2) => TimeSpan.FromHours(1),
        { } r when r <= TimeSpan.FromDays(180) => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>Segments in one level of one shard that trigger a compaction into the next level. Default 4.</summary>
    public int CompactionThreshold { get; init; } = 4;

    /// <summary>Whether the background compaction manager runs. Default true.</summary>
    public bool BackgroundCompaction { get; init; } = true;

    /// <summary>Open without writing: no WAL appends, no flushes, no compaction. Default false.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The file layer; <see cref="PhysicalFileSystem.Instance"/> unless a test injects faults.</summary>
    public IFileSystem FileSystem { get; init; } = PhysicalFileSystem.Instance;
}
