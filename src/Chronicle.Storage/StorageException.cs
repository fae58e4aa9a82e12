namespace Chronicle.Storage;

/// <summary>An engine operation failed: I/O error, corruption, a locked directory, or a misuse.</summary>
public class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A file's contents are not what was written: a bad CRC, a bad magic, an impossible length.</summary>
public sealed class CorruptionException : StorageException
{
    /// <summary>Creates the exception naming the file and byte offset.</summary>
    public CorruptionException(string path, long offset, string what)
        : base($"{path}: corrupt at byte offset {offset}: {what}")
    {
        Path = path;
        Offset = offset;
    }

    /// <summary>The corrupt file.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the first bad byte or record.</summary>
    public long Offset { get; }
}
