using Chronicle.Storage.IO;

namespace Chronicle.Storage.Wal;

/// <summary>
/// The single writer of the active WAL file: a dedicated thread drains a queue of pending appends
/// and commits them in groups (group commit). Per group: ONE write call of all framed records, at
/// most ONE fsync (in <see cref="SyncMode.Always"/> or when a record demands it), then the group's
/// waiters are handed to a <see cref="WalAckQueue"/>, which acknowledges them in WAL order. In <see cref="SyncMode.Interval"/> the thread also fsyncs within the sync interval
/// of the first unsynced write.
/// </summary>
/// <remarks>
/// Invariants: only the writer thread touches the active file; a group whose write or fsync fails
/// is cut off again (the file truncated to its length before the group) so a later group never
/// follows garbage, and every waiter of the group fails; a file is fsynced before the next one is
/// created, so only the last file can end in a torn record.
/// </remarks>
internal sealed class WalWriter : IDisposable
{
    /// <summary>Largest number of bytes committed with one write call.</summary>
    private const int MaxGroupBytes = 64 << 20;

    private enum Kind { Append, Rotate, Barrier }

    private sealed class Pending(Kind kind, byte[]? framed, bool forceSync, Action<WalPosition>? onWritten = null)
    {
        public readonly Kind Kind = kind;
        public readonly byte[]? Framed = framed;
        public readonly bool ForceSync = forceSync;
        public readonly Action<WalPosition>? OnWritten = onWritten;
        public readonly TaskCompletionSource<WalPosition> Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Length => Framed!.Length;
    }

    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly WalOptions _options;
    private readonly WalFileSet _files;
    private readonly object _lock = new();
    private readonly Thread _thread;
    private List<Pending> _queue = [];
    private bool _stopping;
    private volatile Exception? _broken;

    // Owned by the writer thread.
    private IWritableFile _active;
    private long _activeSequence;
    private bool _dirty;
    private long _syncDeadline;
    private byte[] _groupBuffer = new byte[1 << 16];
    private WalAckQueue.Ack[] _acks = new WalAckQueue.Ack[64];
    private readonly WalAckQueue _ackQueue = new();

    /// <summary>Starts the writer thread appending to <paramref name="active"/> (sequence <paramref name="activeSequence"/>).</summary>
    public WalWriter(IFileSystem fs, string directory, WalOptions options, WalFileSet files, IWritableFile active, long activeSequence)
    {
        _fs = fs;
        _directory = directory;
        _options = options;
        _files = files;
        _active = active;
        _activeSequence = activeSequence;
        _thread = new Thread(Run) { IsBackground = true, Name = "Chronicle WAL writer" };
        _thread.Start();
    }

    /// <summary>
    /// Queues framed records to be written in one piece; completes with the position of the first.
    /// Appends are acknowledged in WAL order: <paramref name="onWritten"/> (if any) runs once the
    /// records are written (and synced, as the sync mode demands), after the callbacks of every
    /// earlier record and before the returned task completes; never for a failed write. An exception
    /// it throws faults the returned task (the records stay in the WAL).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer is stopped.</exception>
    /// <exception cref="StorageException">An earlier I/O error left the WAL unusable.</exception>
    public Task<WalPosition> Append(byte[] framed, bool forceSync, Action<WalPosition>? onWritten = null) =>
        Enqueue(new Pending(Kind.Append, framed, forceSync, onWritten));

    /// <summary>Queues a rotation (no-op when the active file is empty); completes with the next position afterwards.</summary>
    public Task<WalPosition> Rotate() => Enqueue(new Pending(Kind.Rotate, null, false));

    /// <summary>Completes with the position after everything queued before it.</summary>
    public Task<WalPosition> Barrier() => Enqueue(new Pending(Kind.Barrier, null, false));

    private Task<WalPosition> Enqueue(Pending p)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_broken is { } broken)
                throw new StorageException($"the WAL in '{_directory}' is unusable after an I/O error that could not be undone; reopen the database: {broken.Message}", broken);
            _queue.Add(p);
            Monitor.Pulse(_lock);
        }
        return p.Done.Task;
    }

    /// <summary>Stops the thread after it has written everything queued, fsyncs, and closes the file.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping) return;
            _stopping = true;
            Monitor.Pulse(_lock);
        }
        _thread.Join();
    }

    private void Run()
    {
        var batch = new List<Pending>();
        while (true)
        {
            bool stop;
            lock (_lock)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    if (_dirty && _options.SyncMode == SyncMode.Interval)
                    {
                        long wait = _syncDeadline - Environment.TickCount64;
                        if (wait <= 0) break;
                        Monitor.Wait(_lock, (int)Math.Min(wait, int.MaxValue));
                    }
                    else Monitor.Wait(_lock);
                }
                (batch, _queue) = (_queue, batch);
                stop = _stopping;
            }
            if (batch.Count > 0)
            {
                try { Process(batch); }
                catch (Exception e)
                {
                    // A bug or an I/O error outside a group's write: never leave a waiter hanging.
                    _broken = e;
                    foreach (var p in batch) p.Done.TrySetException(Failure("append", e));
                }
            }
            batch.Clear();
            if (_dirty && _options.SyncMode == SyncMode.Interval && Environment.TickCount64 >= _syncDeadline) IntervalSync();
            if (stop) break;   // Enqueue refuses new work once stopping, so the queue is empty.
        }
        try
        {
            if (_dirty && _broken is null) _active.Sync();
        }
        catch (Exception)
        {
            // Dispose must not throw; nothing waits on these bytes in None/Interval mode.
        }
        _active.Dispose();
    }

    private WalPosition Next => new(_activeSequence, _active.Length);

    private void Process(List<Pending> batch)
    {
        int i = 0;
        while (i < batch.Count)
        {
            var p = batch[i];
            if (_broken is { } broken)
            {
                p.Done.TrySetException(new StorageException($"the WAL in '{_directory}' is unusable after an I/O error; reopen the database", broken));
                i++;
                continue;
            }
            if (p.Kind != Kind.Append)
            {
                try
                {
                    if (p.Kind == Kind.Rotate) RotateCore();
                    _ackQueue.Enqueue([new WalAckQueue.Ack(p.Done, Next, null)]);   // after earlier acknowledgements
                }
                catch (Exception e)
                {
                    p.Done.TrySetException(Failure("rotate", e));
                }
                i++;
                continue;
            }
            if (_active.Length > 0 && _active.Length + p.Length > _options.MaxFileSize)
            {
                try { RotateCore(); }
                catch (Exception e)
                {
                    p.Done.TrySetException(Failure("rotate", e));
                    i++;
                    continue;
                }
            }
            long baseLength = _active.Length;
            long groupLength = 0;
            bool force = false;
            int j = i;
            while (j < batch.Count && batch[j].Kind == Kind.Append
                   && (j == i || (baseLength + groupLength + batch[j].Length <= _options.MaxFileSize && groupLength + batch[j].Length <= MaxGroupBytes)))
            {
                groupLength += batch[j].Length;
                force |= batch[j].ForceSync;
                j++;
            }
            CommitGroup(batch, i, j, baseLength, (int)groupLength, force);
            i = j;
        }
    }

    private void CommitGroup(List<Pending> batch, int from, int to, long baseLength, int groupLength, bool force)
    {
        ReadOnlySpan<byte> data;
        if (to - from == 1) data = batch[from].Framed;
        else
        {
            if (_groupBuffer.Length < groupLength) _groupBuffer = new byte[Math.Max(groupLength, _groupBuffer.Length * 2)];
            int at = 0;
            for (int k = from; k < to; k++)
            {
                batch[k].Framed.AsSpan().CopyTo(_groupBuffer.AsSpan(at));
                at += batch[k].Length;
            }
            data = _groupBuffer.AsSpan(0, groupLength);
        }
        try
        {
            _active.Write(data);
            if (_options.SyncMode == SyncMode.Always || force)
            {
                _active.Sync();
                _dirty = false;
            }
            else if (!_dirty)
            {
                _dirty = true;
                _syncDeadline = Environment.TickCount64 + (long)_options.SyncInterval.TotalMilliseconds;
            }
        }
        catch (Exception e)
        {
            var error = Failure("append", e);
            try { _active.Truncate(baseLength); }
            catch (Exception te) { _broken = te; }
            for (int k = from; k < to; k++) batch[k].Done.TrySetException(error);
            return;
        }
        _files.Set(_activeSequence, baseLength + groupLength);
        if (_acks.Length < to - from) _acks = new WalAckQueue.Ack[Math.Max(to - from, _acks.Length * 2)];
        long offset = baseLength;
        for (int k = from; k < to; k++)
        {
            _acks[k - from] = new WalAckQueue.Ack(batch[k].Done, new WalPosition(_activeSequence, offset), batch[k].OnWritten);
            offset += batch[k].Length;
        }
        _ackQueue.Enqueue(_acks.AsSpan(0, to - from));
        Array.Clear(_acks, 0, to - from);
    }

    private void RotateCore()
    {
        if (_active.Length == 0) return;
        _active.Sync();   // in every mode: only the last file may end torn
        _dirty = false;
        long next = _activeSequence + 1;
        string path = Path.Combine(_directory, WalFileName.Format(next));
        var file = _fs.OpenAppend(path);
        try { _fs.SyncDirectory(_directory); }
        catch
        {
            file.Dispose();
            throw;
        }
        _active.Dispose();
        _active = file;
        _activeSequence = next;
        _files.Set(next, file.Length);
    }

    private void IntervalSync()
    {
        try
        {
            _active.Sync();
            _dirty = false;
        }
        catch (Exception)
        {
            // Retried at the next interval; the bytes are already with the OS (the Interval contract).
            _syncDeadline = Environment.TickCount64 + (long)_options.SyncInterval.TotalMilliseconds;
        }
    }

    private StorageException Failure(string what, Exception e) =>
        new($"WAL {what} failed on '{_active.Path}': {e.Message}", e);
}
