namespace Chronicle.Storage.Tests.Faults;

/// <summary>What survives a <see cref="FaultInjectingFileSystem.Crash"/>.</summary>
public enum CrashMode
{
    /// <summary>Power loss: every byte not fsynced is lost.</summary>
    DropUnsynced,
    /// <summary>Power loss: a random prefix of each file's unsynced appended bytes survived (any byte count).</summary>
    KeepRandomPrefix,
    /// <summary>
    /// Power loss: the file size reached the disk but only a random whole number of 512-byte sectors
    /// of the unsynced bytes did; the rest of the file reads as zeros.
    /// </summary>
    KeepRandomPrefixZeroFilled,
    /// <summary>Process kill (kill -9): the OS survives, so every written byte and directory change stays; open files are closed.</summary>
    ProcessKill,
}
