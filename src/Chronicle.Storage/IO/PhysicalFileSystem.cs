using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Chronicle.Storage.IO;

/// <summary>The real file system: <see cref="FileStream"/>, POSIX fsync, and memory maps.</summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    /// <summary>The single instance.</summary>
    public static PhysicalFileSystem Instance { get; } = new();

    private PhysicalFileSystem() { }

    /// <inheritdoc/>
    public IWritableFile OpenAppend(string path) => new PhysicalWritableFile(path);

    /// <inheritdoc/>
    public Stream OpenRead(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    /// <inheritdoc/>
    public IMappedFile MapReadOnly(string path) => PhysicalMappedFile.Open(path);

    /// <inheritdoc/>
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc/>
    public long GetLength(string path) => new FileInfo(path).Length;

    /// <inheritdoc/>
    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory, string searchPattern)
    {
        if (!Directory.Exists(directory)) return [];
        var names = Directory.GetFiles(directory, searchPattern).Select(System.IO.Path.GetFileName).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names!;
    }

    /// <inheritdoc/>
    public void DeleteFile(string path) => File.Delete(path);

    /// <inheritdoc/>
    public void Rename(string source, string destination) => File.Move(source, destination, overwrite: true);

    /// <inheritdoc/>
    public void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // Windows: directory entries are durable with the file.
        int fd = Posix.open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Posix.fsync(fd) != 0)
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally { _ = Posix.close(fd); }
    }

    private sealed class PhysicalWritableFile : IWritableFile
    {
        private readonly FileStream _stream;

        public PhysicalWritableFile(string path)
        {
            Path = path;
            _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 0);
            _stream.Seek(0, SeekOrigin.End);
        }

        public string Path { get; }

        public long Length => _stream.Position;

        public void Write(ReadOnlySpan<byte> data) => _stream.Write(data);

        public void Sync() => _stream.Flush(flushToDisk: true);

        public void Truncate(long length)
        {
            _stream.SetLength(length);
            _stream.Seek(length, SeekOrigin.Begin);
        }

        public void Dispose() => _stream.Dispose();
    }

    private sealed unsafe class PhysicalMappedFile : IMappedFile
    {
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;
        private byte* _pointer;

        private PhysicalMappedFile(MemoryMappedFile? file, MemoryMappedViewAccessor? view, long length)
        {
            _file = file;
            _view = view;
            Length = length;
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref _pointer);
                _pointer += view.PointerOffset;
            }
        }

        public static PhysicalMappedFile Open(string path)
        {
            long length = new FileInfo(path).Length;
            if (length == 0) return new PhysicalMappedFile(null, null, 0);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new PhysicalMappedFile(file, view, length);
        }

        public long Length { get; }

        public byte* Pointer => _pointer;

        public void Dispose()
        {
            if (_view is not null && _pointer != null)
            {
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
                _pointer = null;
            }
            _view?.Dispose();
            _file?.Dispose();
        }
    }

    private static partial class Posix
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
