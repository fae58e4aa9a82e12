using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Chronicle.Storage.IO;

namespace Chronicle.Storage.Tests.Faults;

/// <summary>
/// An in-memory <see cref="IFileSystem"/> for crash and fault tests, after Pebble's strict memory
/// file system. Each file has durable bytes (as of its last fsync) and current bytes; each
/// directory has a durable listing (as of its last <see cref="SyncDirectory"/>) and a current one.
/// <see cref="Crash"/> simulates power loss by reverting to the durable state (optionally keeping a
/// random prefix of unsynced appends). Faults: <see cref="FailWriteAt"/>, <see cref="FailSyncAt"/>,
/// <see cref="CapacityBytes"/> (disk full). Thread-safe (one lock).
/// </summary>
/// <remarks>
/// Simplifications: directories are durable as soon as they are created; when a file was truncated
/// below its durable length since its last fsync, a crash restores the durable bytes exactly.
/// Handles opened before a crash throw <see cref="IOException"/> on every operation but
/// <see cref="IWritableFile.Length"/> and Dispose.
/// </remarks>
public sealed class FaultInjectingFileSystem : IFileSystem
{
    /// <summary>Size of the sectors <see cref="CrashMode.KeepRandomPrefixZeroFilled"/> keeps whole.</summary>
    public const int SectorSize = 512;

    private sealed class Node
    {
        public byte[] Buffer = [];
        public int Length;
        public byte[] Durable = [];
        public bool Diverged;   // truncated below the durable length since the last fsync

        public ReadOnlySpan<byte> Current => Buffer.AsSpan(0, Length);

        public void Append(ReadOnlySpan<byte> data)
        {
            if (Length + data.Length > Buffer.Length) Array.Resize(ref Buffer, Math.Max(Length + data.Length, Buffer.Length * 2));
            data.CopyTo(Buffer.AsSpan(Length));
            Length += data.Length;
        }

        public void SetLength(int length)
        {
            if (length > Buffer.Length) Array.Resize(ref Buffer, length);
            if (length > Length) Buffer.AsSpan(Length, length - Length).Clear();
            Length = length;
        }
    }

    private readonly object _lock = new();
    private Dictionary<string, Node> _current = new(StringComparer.Ordinal);
    private Dictionary<string, Node> _durable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "/" };
    private int _epoch;
    private long _writeCount, _syncCount, _directorySyncCount;
    private long _failWriteAt = -1, _failSyncAt = -1, _crashAfterWrite = -1;
    private (Random Rng, CrashMode Mode) _crashAfterWriteArgs;

    /// <summary>Time each file fsync sleeps before it runs, to simulate disk latency (default zero). Set it before opening files.</summary>
    public TimeSpan SyncLatency { get; set; }

    /// <summary>Disk capacity in bytes over all current files; a write beyond it writes what fits and throws "No space left on device". Default unlimited.</summary>
    public long CapacityBytes { get; set; } = long.MaxValue;

    /// <summary>Write calls so far (failed ones included).</summary>
    public long WriteCount { get { lock (_lock) return _writeCount; } }

    /// <summary>File fsyncs so far (failed ones included).</summary>
    public long SyncCount { get { lock (_lock) return _syncCount; } }

    /// <summary>Crashes so far (explicit and armed by <see cref="CrashAfterWrite"/>).</summary>
    public int CrashCount { get { lock (_lock) return _epoch; } }

    /// <summary>Directory fsyncs so far.</summary>
    public long DirectorySyncCount { get { lock (_lock) return _directorySyncCount; } }

    /// <summary>Bytes in all current files.</summary>
    public long UsedBytes { get { lock (_lock) return _current.Values.Distinct().Sum(n => (long)n.Length); } }

    /// <summary>The <paramref name="n"/>-th write call from now (1 = the next) writes half its bytes and throws <see cref="IOException"/>. One-shot; 0 or less cancels.</summary>
    public void FailWriteAt(long n) { lock (_lock) _failWriteAt = n > 0 ? _writeCount + n : -1; }

    /// <summary>The <paramref name="n"/>-th file fsync from now (1 = the next) throws <see cref="IOException"/> and makes nothing durable. One-shot; 0 or less cancels.</summary>
    public void FailSyncAt(long n) { lock (_lock) _failSyncAt = n > 0 ? _syncCount + n : -1; }

    /// <summary>
    /// The <paramref name="n"/>-th write call from now (1 = the next) completes and then the system
    /// crashes at once (<see cref="Crash"/>), before any fsync of those bytes: a crash in the middle of
    /// a group commit. One-shot; 0 or less cancels.
    /// </summary>
    public void CrashAfterWrite(long n, Random rng, CrashMode mode)
    {
        ArgumentNullException.ThrowIfNull(rng);
        lock (_lock)
        {
            _crashAfterWrite = n > 0 ? _writeCount + n : -1;
            _crashAfterWriteArgs = (rng, mode);
        }
    }

    /// <summary>
    /// Simulates power loss (or a process kill, per <paramref name="mode"/>): unsynced bytes are
    /// dropped or partly kept, creations, renames and deletions not followed by
    /// <see cref="SyncDirectory"/> are undone, and every open handle dies.
    /// </summary>
    /// <param name="rng">Chooses the surviving prefixes (seed it and print the seed).</param>
    /// <param name="mode">What survives.</param>
    public void Crash(Random rng, CrashMode mode)
    {
        ArgumentNullException.ThrowIfNull(rng);
        lock (_lock)
        {
            _epoch++;
            if (mode == CrashMode.ProcessKill) return;
            var survivors = new Dictionary<string, Node>(_durable, StringComparer.Ordinal);
            foreach (var node in survivors.Values.Distinct())
            {
                int keep = node.Durable.Length;
                bool appendOnly = !node.Diverged && node.Length > node.Durable.Length;
                if (appendOnly && mode != CrashMode.DropUnsynced)
                {
                    keep = rng.Next(node.Durable.Length, node.Length + 1);
                    if (mode == CrashMode.KeepRandomPrefixZeroFilled) keep = Math.Max(node.Durable.Length, keep - keep % SectorSize);
                }
                byte[] data;
                if (keep == node.Durable.Length && !(appendOnly && mode == CrashMode.KeepRandomPrefixZeroFilled)) data = node.Durable;
                else
                {
                    int size = mode == CrashMode.KeepRandomPrefixZeroFilled ? node.Length : keep;
                    data = new byte[size];
                    node.Current[..keep].CopyTo(data);
                }
                node.Buffer = (byte[])data.Clone();
                node.Length = data.Length;
                node.Durable = (byte[])data.Clone();
                node.Diverged = false;
            }
            _current = survivors;
            _durable = new Dictionary<string, Node>(survivors, StringComparer.Ordinal);
        }
    }

    /// <summary>A copy of a file's current bytes.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public byte[] ReadAllBytes(string path) { lock (_lock) return Get(path).Current.ToArray(); }

    /// <summary>Creates or replaces a file with <paramref name="data"/>, durable at once (content and directory entry). For setting up corrupt files.</summary>
    public void WriteAllBytes(string path, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            string p = Normalize(path);
            RequireParent(p);
            var node = new Node();
            node.Append(data);
            node.Durable = data.ToArray();
            _current[p] = node;
            _durable[p] = node;
        }
    }

    /// <summary>Bytes of a file not yet fsynced (0 when it was truncated below its durable length).</summary>
    public long UnsyncedBytes(string path) { lock (_lock) { var n = Get(path); return Math.Max(0, n.Length - n.Durable.Length); } }

    /// <summary>Bytes of a file that a crash now would keep for sure: its length when unsynced bytes are only appended ones, less those.</summary>
    public long DurableLength(string path) { lock (_lock) { var n = Get(path); return n.Diverged ? Math.Min(n.Length, n.Durable.Length) : n.Durable.Length; } }

    /// <inheritdoc/>
    public IWritableFile OpenAppend(string path)
    {
        lock (_lock)
        {
            string p = Normalize(path);
            RequireParent(p);
            if (!_current.TryGetValue(p, out var node)) _current[p] = node = new Node();
            return new Handle(this, node, path, _epoch);
        }
    }

    /// <inheritdoc/>
    public Stream OpenRead(string path)
    {
        lock (_lock) return new MemoryStream(Get(path).Current.ToArray(), writable: false);
    }

    /// <inheritdoc/>
    public IMappedFile MapReadOnly(string path)
    {
        lock (_lock) return new PinnedCopy(Get(path).Current);
    }

    /// <inheritdoc/>
    public bool FileExists(string path) { lock (_lock) return _current.ContainsKey(Normalize(path)); }

    /// <inheritdoc/>
    public long GetLength(string path) { lock (_lock) return Get(path).Length; }

    /// <inheritdoc/>
    public void CreateDirectory(string path)
    {
        lock (_lock)
        {
            for (string? d = Normalize(path); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d)) _directories.Add(d);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory, string searchPattern)
    {
        lock (_lock)
        {
            string dir = Normalize(directory);
            var names = _current.Keys.Where(k => Path.GetDirectoryName(k) == dir).Select(k => Path.GetFileName(k))
                .Where(n => FileSystemName.MatchesSimpleExpression(searchPattern, n, ignoreCase: false)).ToArray();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
    }

    /// <inheritdoc/>
    public void DeleteFile(string path) { lock (_lock) _current.Remove(Normalize(path)); }

    /// <inheritdoc/>
    public void Rename(string source, string destination)
    {
        lock (_lock)
        {
            string s = Normalize(source), d = Normalize(destination);
            var node = Get(source);
            RequireParent(d);
            _current.Remove(s);
            _current[d] = node;
        }
    }

    /// <inheritdoc/>
    public void SyncDirectory(string directory)
    {
        lock (_lock)
        {
            string dir = Normalize(directory);
            if (!_directories.Contains(dir)) throw new DirectoryNotFoundException($"no directory '{directory}'");
            _directorySyncCount++;
            foreach (var k in _durable.Keys.Where(k => Path.GetDirectoryName(k) == dir).ToList()) _durable.Remove(k);
            foreach (var (k, n) in _current.Where(e => Path.GetDirectoryName(e.Key) == dir)) _durable[k] = n;
        }
    }

    private Node Get(string path) =>
        _current.TryGetValue(Normalize(path), out var node) ? node : throw new FileNotFoundException($"no file '{path}'", path);

    private void RequireParent(string normalized)
    {
        string? parent = Path.GetDirectoryName(normalized);
        if (parent is not null && !_directories.Contains(parent)) throw new DirectoryNotFoundException($"no directory '{parent}'");
    }

    private static string Normalize(string path)
    {
        string full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private sealed class Handle(FaultInjectingFileSystem fs, Node node, string path, int epoch) : IWritableFile
    {
        public string Path { get; } = path;

        public long Length { get { lock (fs._lock) return node.Length; } }

        public void Write(ReadOnlySpan<byte> data)
        {
            lock (fs._lock)
            {
                CheckAlive();
                fs._writeCount++;
                if (fs._writeCount == fs._failWriteAt)
                {
                    fs._failWriteAt = -1;
                    node.Append(data[..(data.Length / 2)]);
                    throw new IOException($"injected write failure on '{Path}'");
                }
                long free = fs.CapacityBytes - fs._current.Values.Distinct().Sum(n => (long)n.Length);
                if (data.Length > free)
                {
                    node.Append(data[..(int)Math.Max(0, free)]);
                    throw new IOException($"No space left on device: '{Path}'");
                }
                node.Append(data);
                if (fs._writeCount == fs._crashAfterWrite)
                {
                    fs._crashAfterWrite = -1;
                    fs.Crash(fs._crashAfterWriteArgs.Rng, fs._crashAfterWriteArgs.Mode);
                }
            }
        }

        public void Sync()
        {
            if (fs.SyncLatency > TimeSpan.Zero) Thread.Sleep(fs.SyncLatency);
            lock (fs._lock)
            {
                CheckAlive();
                fs._syncCount++;
                if (fs._syncCount == fs._failSyncAt)
                {
                    fs._failSyncAt = -1;
                    throw new IOException($"injected fsync failure on '{Path}'");
                }
                node.Durable = node.Current.ToArray();
                node.Diverged = false;
            }
        }

        public void Truncate(long length)
        {
            lock (fs._lock)
            {
                CheckAlive();
                ArgumentOutOfRangeException.ThrowIfNegative(length);
                if (length < node.Durable.Length) node.Diverged = true;
                node.SetLength(checked((int)length));
            }
        }

        public void Dispose() { }

        private void CheckAlive()
        {
            if (epoch != fs._epoch) throw new IOException($"'{Path}': the file system crashed since this file was opened");
        }
    }

    private sealed unsafe class PinnedCopy : IMappedFile
    {
        private byte[]? _data;

        public PinnedCopy(ReadOnlySpan<byte> data)
        {
            _data = GC.AllocateUninitializedArray<byte>(data.Length, pinned: true);
            data.CopyTo(_data);
            Length = data.Length;
        }

        public long Length { get; }

        public byte* Pointer => _data is { Length: > 0 } d ? (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(d)) : null;

        public void Dispose() => _data = null;
    }
}
