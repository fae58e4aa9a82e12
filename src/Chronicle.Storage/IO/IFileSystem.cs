namespace Chronicle.Storage.IO;

/// <summary>
/// The engine's only access to files. Every WAL, segment, manifest and lock operation goes through
/// it, so a test can substitute a fault-injecting implementation that fails the N-th write or
/// fsync, reports a full disk, or drops unsynced bytes on a simulated power loss.
/// </summary>
/// <remarks>Paths are absolute or relative to the process working directory, as with <see cref="File"/>.</remarks>
public interface IFileSystem
{
    /// <summary>Opens <paramref name="path"/> for appending, creating it when missing.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    IWritableFile OpenAppend(string path);

    /// <summary>Opens an existing file for reading from the start.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    Stream OpenRead(string path);

    /// <summary>Maps an existing file read-only. A zero-length file maps to an empty span.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    IMappedFile MapReadOnly(string path);

    /// <summary>Whether a file exists at <paramref name="path"/>.</summary>
    bool FileExists(string path);

    /// <summary>Length of an existing file in bytes.</summary>
    long GetLength(string path);

    /// <summary>Creates the directory and its parents when missing.</summary>
    void CreateDirectory(string path);

    /// <summary>File names (not paths) in <paramref name="directory"/>, matching a <see cref="Directory.GetFiles(string, string)"/> pattern, sorted ordinally.</summary>
    IReadOnlyList<string> ListFiles(string directory, string searchPattern);

    /// <summary>Deletes a file; a missing file is not an error.</summary>
    void DeleteFile(string path);

    /// <summary>Atomically renames <paramref name="source"/> to <paramref name="destination"/>, replacing it (POSIX rename).</summary>
    void Rename(string source, string destination);

    /// <summary>fsyncs a directory so that creations, renames and deletions in it are durable.</summary>
    void SyncDirectory(string directory);
}

/// <summary>A file open for appending. Not thread-safe: one writer at a time.</summary>
public interface IWritableFile : IDisposable
{
    /// <summary>Path the file was opened with.</summary>
    string Path { get; }

    /// <summary>Current length in bytes, including bytes written but not yet synced.</summary>
    long Length { get; }

    /// <summary>Appends bytes with one write call (they reach the OS, not necessarily the disk).</summary>
    /// <exception cref="IOException">The write failed (for example, the disk is full); the file length is then unspecified until <see cref="Truncate"/>.</exception>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>fsyncs the file's data (fdatasync semantics).</summary>
    /// <exception cref="IOException">The sync failed.</exception>
    void Sync();

    /// <summary>Cuts the file to <paramref name="length"/> bytes.</summary>
    void Truncate(long length);
}

/// <summary>A read-only memory map of a whole file.</summary>
public unsafe interface IMappedFile : IDisposable
{
    /// <summary>Length of the mapping in bytes.</summary>
    long Length { get; }

    /// <summary>Pointer to the first byte; valid until <see cref="IDisposable.Dispose"/>.</summary>
    byte* Pointer { get; }
}
