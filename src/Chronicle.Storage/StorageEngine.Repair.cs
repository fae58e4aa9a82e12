using Chronicle.Storage.Wal;

namespace Chronicle.Storage;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Repairs a database whose open failed with a <see cref="CorruptionException"/> in the WAL:
    /// truncates the WAL at the first bad record, deletes the WAL files after it, and reports what
    /// was dropped. Run it with the database closed; afterwards <see cref="Open"/> succeeds with
    /// everything written before the damage.
    /// </summary>
    /// <param name="directory">The database directory.</param>
    /// <param name="options">Only <see cref="StorageOptions.FileSystem"/> is used; null for the real file system.</param>
    /// <returns>One line per action taken (file, offset, records and bytes dropped); empty when the WAL was sound.</returns>
    /// <exception cref="StorageException">The directory is in use by another process.</exception>
    public static IReadOnlyList<string> RepairWal(string directory, StorageOptions? options = null)
    {
        var fs = (options ?? new StorageOptions()).FileSystem;
        directory = Path.GetFullPath(directory);
        using var dirLock = fs is IO.PhysicalFileSystem ? IO.DirectoryLock.Acquire(directory) : null;
        var report = WriteAheadLog.Repair(fs, directory);
        return report.Messages.ToArray();
    }
}
