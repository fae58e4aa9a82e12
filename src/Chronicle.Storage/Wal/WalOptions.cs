namespace Chronicle.Storage.Wal;

/// <summary>Settings of a <see cref="WriteAheadLog"/>.</summary>
/// <param name="SyncMode">When appends are fsynced relative to their acknowledgement (docs/durability.md).</param>
/// <param name="SyncInterval">In <see cref="SyncMode.Interval"/>, the longest time between a write and its fsync.</param>
/// <param name="MaxFileSize">Bytes at which the active file is rotated: a group that would make it larger goes to a new file (a single record larger than this gets a file of its own).</param>
internal sealed record WalOptions(SyncMode SyncMode, TimeSpan SyncInterval, long MaxFileSize)
{
    /// <summary>Interval mode, 1 s, 128 MiB files: the engine's defaults.</summary>
    public static WalOptions Default { get; } = new(SyncMode.Interval, TimeSpan.FromSeconds(1), 128L * 1024 * 1024);

    /// <summary>The WAL settings of engine options.</summary>
    public static WalOptions From(StorageOptions options) => new(options.SyncMode, options.WalSyncInterval, options.WalMaxSize);
}
