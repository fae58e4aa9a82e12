namespace Chronicle.Storage;

/// <summary>When the WAL is fsynced relative to the acknowledgement of a write.</summary>
/// <remarks>See <c>docs/durability.md</c> for the contract each mode gives.</remarks>
public enum SyncMode
{
    /// <summary>fsync before the acknowledgement: an acknowledged write survives power loss.</summary>
    Always,
    /// <summary>
    /// The record reaches the OS (a write call) before the acknowledgement and is fsynced within
    /// <see cref="StorageOptions.WalSyncInterval"/>: a process crash loses nothing acknowledged,
    /// power loss loses at most the last interval. The default.
    /// </summary>
    Interval,
    /// <summary>The OS decides when bytes reach the disk. For bulk loads.</summary>
    None,
}
