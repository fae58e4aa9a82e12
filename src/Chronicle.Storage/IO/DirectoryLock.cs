namespace Chronicle.Storage.IO;

/// <summary>
/// The exclusive lock of a database directory: the file <c>LOCK</c>, held open with
/// <see cref="FileShare.None"/> (an advisory <c>flock</c> on Unix) for the engine's lifetime. The OS
/// releases it when the process dies, so a crash never leaves a stale lock.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    /// <summary>Name of the lock file inside the database directory.</summary>
    public const string FileName = "LOCK";

    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock.</summary>
    /// <exception cref="StorageException">Another process (or another engine in this process) holds it; the message names the lock file.</exception>
    public static DirectoryLock Acquire(string directory)
    {
        string path = Path.Combine(directory, FileName);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.UTF8.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            stream.Write(pid);
            stream.Flush();
            return new DirectoryLock(stream);
        }
        catch (IOException e)
        {
            string holder = "";
            try { holder = File.ReadAllText(path).Trim(); } catch (IOException) { }
            throw new StorageException(
                $"the database directory '{directory}' is in use by another process{(holder.Length > 0 ? $" (pid {holder})" : "")}: " +
                $"it holds the lock file '{path}'. Close that process, or open the database from it.", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
