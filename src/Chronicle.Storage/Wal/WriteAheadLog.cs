using System.Buffers.Binary;
using Chronicle.Storage.IO;

namespace Chronicle.Storage.Wal;

/// <summary>
/// The write-ahead log: numbered append-only files in <c>wal/</c> holding framed, CRC-checked records
/// (format in docs/file-formats.md, "WAL"; guarantees in docs/durability.md). Appends are group
/// committed by one writer thread (<see cref="WalWriter"/>); a finalized checkpoint lets replay
/// start late and older files be deleted. Thread-safe.
/// </summary>
/// <remarks>Modelled on Prometheus <c>tsdb/wlog</c> (numbered segments, checkpoints) and etcd <c>wal</c> (CRC framing, torn-tail repair).</remarks>
internal sealed class WriteAheadLog : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly WalFileSet _files;
    private readonly WalWriter _writer;
    private readonly object _checkpointLock = new();
    private WalPosition _replayStart;
    private List<WalRecord> _checkpointEntries;
    private int _disposed;

    private WriteAheadLog(IFileSystem fs, string directory, WalFileSet files, WalWriter writer, WalPosition replayStart, List<WalRecord> checkpointEntries)
    {
        _fs = fs;
        _directory = directory;
        _files = files;
        _writer = writer;
        _replayStart = replayStart;
        _checkpointEntries = checkpointEntries;
    }

    /// <summary>The WAL directory (<c>&lt;engine directory&gt;/wal</c>).</summary>
    public string Directory => _directory;

    /// <summary>
    /// Opens (creating when missing) the WAL in <c><paramref name="directory"/>/wal</c>. Every file is
    /// scanned and every CRC checked. A torn or short record at the end of the LAST file (a crash
    /// mid-append) is cut off, fsynced and reported; a bad record anywhere else throws.
    /// </summary>
    /// <param name="fs">The file layer.</param>
    /// <param name="directory">The engine directory; the WAL lives in its <c>wal</c> subdirectory.</param>
    /// <param name="options">Sync mode, interval and rotation size.</param>
    /// <param name="report">What was found and repaired.</param>
    /// <exception cref="CorruptionException">A bad record that is not a torn tail, or a missing file after the replay start; names the file and byte offset. <see cref="Repair"/> truncates there.</exception>
    /// <exception cref="StorageException">An I/O error.</exception>
    public static WriteAheadLog Open(IFileSystem fs, string directory, WalOptions options, out WalRecoveryReport report)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxFileSize <= WalFraming.HeaderSize) throw new ArgumentOutOfRangeException(nameof(options), "WAL MaxFileSize must exceed the 9-byte record header");
        if (options.SyncInterval <= TimeSpan.Zero && options.SyncMode == SyncMode.Interval) throw new ArgumentOutOfRangeException(nameof(options), "WAL SyncInterval must be positive in Interval mode");

        string walDir = Path.Combine(directory, WalFileName.DirectoryName);
        report = new WalRecoveryReport();
        var files = new WalFileSet();
        IWritableFile? active = null;
        try
        {
            fs.CreateDirectory(walDir);
            var sequences = ListSequences(fs, walDir, report.Messages);
            var scan = new OpenScan();
            for (int i = 0; i < sequences.Count; i++)
            {
                long seq = sequences[i];
                string path = Path.Combine(walDir, WalFileName.Format(seq));
                byte[] data = ReadAll(fs, path);
                var (stop, problem) = WalFileScanner.Scan(data, r => scan.Add(seq, r, data));
                long length = data.Length;
                if (problem != WalScanProblem.None)
                {
                    bool last = i == sequences.Count - 1;
                    if (!last || !WalFileScanner.IsTornTail(data, stop, problem))
                        throw new CorruptionException(path, stop, WalFileScanner.Describe(problem)
                            + (last ? "" : " (not in the last file, so not a torn write)") + "; run the WAL repair to truncate here");
                    using (var f = fs.OpenAppend(path))
                    {
                        f.Truncate(stop);
                        f.Sync();
                    }
                    report.TornTailTruncated = true;
                    report.TruncatedFile = path;
                    report.TruncatedAtOffset = stop;
                    report.BytesDropped = data.Length - stop;
                    report.Messages.Add($"{path}: torn record at byte offset {stop} ({WalFileScanner.Describe(problem)}); truncated, {data.Length - stop} bytes dropped");
                    length = stop;
                }
                files.Set(seq, length);
            }
            if (scan.Open is { } unfinished)
                report.Messages.Add($"ignored an unfinalized checkpoint at {unfinished.StartPosition} (up to {unfinished.UpTo})");

            WalPosition start = scan.Finalized?.UpTo ?? new WalPosition(sequences.Count > 0 ? sequences[0] : 1, 0);
            for (int i = 1; i < sequences.Count; i++)
            {
                if (sequences[i] != sequences[i - 1] + 1 && sequences[i] > start.FileSequence)
                    throw new CorruptionException(Path.Combine(walDir, WalFileName.Format(sequences[i - 1] + 1)), 0,
                        "WAL file missing: the sequence numbers have a gap after the replay start");
            }
            if (scan.Finalized is { } cp)
                report.Messages.Add($"replay starts at {cp.UpTo}, after the checkpoint finalized at {cp.StartPosition} ({cp.Entries.Count} entries)");

            long activeSeq;
            if (sequences.Count == 0)
            {
                activeSeq = 1;
                active = fs.OpenAppend(Path.Combine(walDir, WalFileName.Format(activeSeq)));
                fs.SyncDirectory(walDir);
                files.Set(activeSeq, 0);
                report.Messages.Add($"created {Path.Combine(walDir, WalFileName.Format(activeSeq))}");
            }
            else
            {
                activeSeq = sequences[^1];
                active = fs.OpenAppend(Path.Combine(walDir, WalFileName.Format(activeSeq)));
            }

            report.StartPosition = start;
            report.RecordsReplayable = (scan.Finalized?.Entries.Count ?? 0) + scan.CountFrom(start);
            report.Messages.Add($"{sequences.Count} WAL file(s), {report.RecordsReplayable} record(s) to replay");
            var writer = new WalWriter(fs, walDir, options, files, active, activeSeq);
            return new WriteAheadLog(fs, walDir, files, writer, start, scan.Finalized?.Entries ?? []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            active?.Dispose();
            throw new StorageException($"cannot open the WAL in '{walDir}': {e.Message}", e);
        }
        catch
        {
            active?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The records to replay, in append order: first the entries of the last finalized checkpoint
    /// (type <see cref="WalRecordType.CheckpointEntry"/>), then every Series, Samples and Delete
    /// record at or after the checkpoint's up-to position (or from the first file when there is no
    /// checkpoint). Checkpoint framing records and unfinalized checkpoints are skipped. Files are
    /// read lazily, one at a time. Safe while appends run: only bytes acknowledged when a file is
    /// read are returned.
    /// </summary>
    /// <exception cref="CorruptionException">A file changed under the WAL since it was opened.</exception>
    public IEnumerable<WalRecord> ReadForReplay()
    {
        WalPosition start;
        List<WalRecord> entries;
        lock (_checkpointLock)
        {
            start = _replayStart;
            entries = _checkpointEntries;
        }
        foreach (var e in entries) yield return e;
        foreach (long seq in _files.Sequences())
        {
            if (seq < start.FileSequence) continue;
            string path = Path.Combine(_directory, WalFileName.Format(seq));
            byte[] data = ReadAll(_fs, path);
            // Only acknowledged bytes: the writer may be appending to the active file meanwhile.
            long known = _files.LengthOf(seq);
            int end = known >= 0 && known < data.Length ? (int)known : data.Length;
            var records = new List<WalScannedRecord>();
            var (stop, problem) = WalFileScanner.Scan(data.AsSpan(0, end), records.Add);
            if (problem != WalScanProblem.None) throw new CorruptionException(path, stop, WalFileScanner.Describe(problem));
            foreach (var r in records)
            {
                if (r.Type >= WalRecordType.CheckpointStart) continue;
                var position = new WalPosition(seq, r.Offset);
                if (position < start) continue;
                yield return new WalRecord(r.Type, position, data.AsMemory(r.PayloadOffset, r.PayloadLength));
            }
        }
    }

    /// <summary>
    /// Appends one record. Completes when the record is acknowledged under the sync mode: written
    /// (Interval, None) or written and fsynced (Always). Returns the record's position.
    /// </summary>
    /// <param name="type">Series, Samples or Delete (checkpoint records are written by <see cref="Checkpoint"/>).</param>
    /// <param name="payload">At most 1 GiB.</param>
    /// <param name="ct">Observed before the record is queued; once queued it is written.</param>
    /// <param name="onWritten">
    /// Runs once the record is written (and synced as the sync mode demands), in WAL order: after the
    /// callbacks of every earlier record, before the returned task completes, never concurrently with
    /// another callback and never for a failed write. An exception from it faults the returned task.
    /// </param>
    /// <exception cref="ArgumentException">A checkpoint or undefined type, or a payload over 1 GiB.</exception>
    /// <exception cref="StorageException">The write or fsync failed (inner <see cref="IOException"/>); the record is not in the WAL.</exception>
    /// <exception cref="ObjectDisposedException">The WAL is disposed.</exception>
    public ValueTask<WalPosition> AppendAsync(WalRecordType type, ReadOnlyMemory<byte> payload, CancellationToken ct = default, Action<WalPosition>? onWritten = null)
    {
        CheckAppendable(type, payload.Length);
        ct.ThrowIfCancellationRequested();
        var framed = GC.AllocateUninitializedArray<byte>(WalFraming.FramedLength(payload.Length));
        WalFraming.Write(framed, type, payload.Span);
        return new ValueTask<WalPosition>(_writer.Append(framed, forceSync: false, onWritten));
    }

    /// <summary>
    /// Appends several records with one write, acknowledged all together or failed all together.
    /// Returns the position of the first record. A crash mid-write may leave a prefix of them in the WAL.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, or a checkpoint or undefined type, or a payload over 1 GiB.</exception>
    /// <exception cref="StorageException">The write or fsync failed; none of the records is in the WAL.</exception>
    /// <exception cref="ObjectDisposedException">The WAL is disposed.</exception>
    public ValueTask<WalPosition> AppendAsync(IReadOnlyList<(WalRecordType Type, ReadOnlyMemory<byte> Payload)> records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) throw new ArgumentException("no records to append", nameof(records));
        long total = 0;
        foreach (var (type, payload) in records)
        {
            CheckAppendable(type, payload.Length);
            total += WalFraming.FramedLength(payload.Length);
        }
        if (total > WalFraming.MaxPayloadLength) throw new ArgumentException("records exceed 1 GiB together", nameof(records));
        ct.ThrowIfCancellationRequested();
        return new ValueTask<WalPosition>(_writer.Append(Frame(records, (int)total), forceSync: false));
    }

    /// <summary>
    /// The position the next appended record will get at the earliest: every record appended (queued)
    /// before the call is before it, every later one at or after it. Waits for the queue to drain.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The WAL is disposed.</exception>
    public WalPosition NextPosition => _writer.Barrier().GetAwaiter().GetResult();

    /// <summary>
    /// Closes the active file (fsynced) and starts a new one, after everything queued before the call;
    /// a no-op when the active file is empty. Afterwards <see cref="NextPosition"/> is offset 0 of a file.
    /// </summary>
    /// <exception cref="StorageException">The fsync or file creation failed; the old file stays active.</exception>
    public void RotateNow() => _writer.Rotate().GetAwaiter().GetResult();

    /// <summary>
    /// Records a checkpoint: writes CheckpointStart(<paramref name="upTo"/>), one CheckpointEntry per
    /// entry and CheckpointFinalize with one write and an fsync (whatever the sync mode), then deletes
    /// every WAL file whose sequence is below <paramref name="upTo"/>'s and fsyncs the directory.
    /// Afterwards (also after a reopen) replay returns the entries and then the records at or after
    /// <paramref name="upTo"/>. The caller guarantees that everything before <paramref name="upTo"/> is
    /// durable elsewhere (segments).
    /// </summary>
    /// <param name="upTo">Where replay will start; at most <see cref="NextPosition"/>.</param>
    /// <param name="entries">Payloads the engine needs back at replay (for example live series).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="upTo"/> is after <see cref="NextPosition"/>.</exception>
    /// <exception cref="StorageException">The write, fsync or a deletion failed (the checkpoint may or may not be durable).</exception>
    public void Checkpoint(WalPosition upTo, IReadOnlyList<ReadOnlyMemory<byte>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_checkpointLock)
        {
            var next = NextPosition;
            if (upTo > next) throw new ArgumentOutOfRangeException(nameof(upTo), $"checkpoint up to {upTo} is after the end of the WAL ({next})");
            var marker = new byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(marker, upTo.FileSequence);
            BinaryPrimitives.WriteInt64LittleEndian(marker.AsSpan(8), upTo.Offset);
            var finalize = new byte[20];
            marker.CopyTo(finalize, 0);
            BinaryPrimitives.WriteInt32LittleEndian(finalize.AsSpan(16), entries.Count);
            var records = new List<(WalRecordType, ReadOnlyMemory<byte>)>(entries.Count + 2) { (WalRecordType.CheckpointStart, marker) };
            foreach (var e in entries) records.Add((WalRecordType.CheckpointEntry, e));
            records.Add((WalRecordType.CheckpointFinalize, finalize));
            long total = records.Sum(r => (long)WalFraming.FramedLength(r.Item2.Length));
            if (total > WalFraming.MaxPayloadLength) throw new ArgumentException("checkpoint entries exceed 1 GiB together", nameof(entries));
            byte[] framed = Frame(records, (int)total);
            var start = _writer.Append(framed, forceSync: true).GetAwaiter().GetResult();

            var kept = new List<WalRecord>(entries.Count);
            long offset = start.Offset + WalFraming.FramedLength(marker.Length);
            foreach (var e in entries)
            {
                kept.Add(new WalRecord(WalRecordType.CheckpointEntry, new WalPosition(start.FileSequence, offset), e.ToArray()));
                offset += WalFraming.FramedLength(e.Length);
            }
            _replayStart = upTo;
            _checkpointEntries = kept;

            bool deleted = false;
            try
            {
                foreach (long seq in _files.Sequences())
                {
                    if (seq >= upTo.FileSequence) break;
                    _fs.DeleteFile(Path.Combine(_directory, WalFileName.Format(seq)));
                    _files.Remove(seq);
                    deleted = true;
                }
                if (deleted) _fs.SyncDirectory(_directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new StorageException($"WAL checkpoint: deleting old files in '{_directory}' failed: {e.Message}", e);
            }
        }
    }

    /// <summary>Number of WAL files.</summary>
    public int FileCount => _files.Count;

    /// <summary>Bytes in all WAL files (acknowledged appends included).</summary>
    public long TotalBytes => _files.TotalBytes;

    /// <summary>
    /// Offline repair of the WAL in <c><paramref name="directory"/>/wal</c>: finds the first bad record
    /// in any file, truncates that file there, deletes every later file, fsyncs, and reports what was
    /// dropped. A clean WAL is left alone. Must not run while the WAL is open.
    /// </summary>
    /// <exception cref="StorageException">An I/O error.</exception>
    public static WalRepairReport Repair(IFileSystem fs, string directory) => WalRepair.Run(fs, Path.Combine(directory, WalFileName.DirectoryName));

    /// <summary>Writes and fsyncs everything queued, then stops the writer thread and closes the file. Never throws.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _writer.Dispose();
    }

    private static void CheckAppendable(WalRecordType type, int payloadLength)
    {
        if (type is not (WalRecordType.Series or WalRecordType.Samples or WalRecordType.Delete))
            throw new ArgumentException($"record type {type} cannot be appended directly (checkpoint records are written by Checkpoint)", nameof(type));
        if (payloadLength > WalFraming.MaxPayloadLength - WalFraming.HeaderSize)
            throw new ArgumentException("WAL record payload exceeds 1 GiB", nameof(payloadLength));
    }

    private static byte[] Frame(IReadOnlyList<(WalRecordType Type, ReadOnlyMemory<byte> Payload)> records, int total)
    {
        var framed = GC.AllocateUninitializedArray<byte>(total);
        int at = 0;
        foreach (var (type, payload) in records) at += WalFraming.Write(framed.AsSpan(at), type, payload.Span);
        return framed;
    }

    internal static List<long> ListSequences(IFileSystem fs, string walDir, List<string> messages)
    {
        var result = new List<long>();
        foreach (string name in fs.ListFiles(walDir, WalFileName.Pattern))
        {
            if (WalFileName.TryParse(name, out long seq)) result.Add(seq);
            else messages.Add($"ignored '{name}' in '{walDir}': not a WAL file name");
        }
        result.Sort();
        return result;
    }

    internal static byte[] ReadAll(IFileSystem fs, string path)
    {
        using var stream = fs.OpenRead(path);
        long length = stream.Length;
        if (length > Array.MaxLength) throw new StorageException($"{path}: WAL file of {length} bytes is too large to read");
        var data = GC.AllocateUninitializedArray<byte>((int)length);
        stream.ReadExactly(data);
        return data;
    }

    /// <summary>Checkpoint bookkeeping while scanning at open.</summary>
    private sealed class OpenScan
    {
        public sealed record Checkpoint(WalPosition UpTo, WalPosition StartPosition, List<WalRecord> Entries);

        private readonly Dictionary<long, List<long>> _dataOffsets = [];
        public Checkpoint? Open;
        public Checkpoint? Finalized;

        public void Add(long seq, WalScannedRecord r, byte[] data)
        {
            var position = new WalPosition(seq, r.Offset);
            var payload = data.AsSpan(r.PayloadOffset, r.PayloadLength);
            switch (r.Type)
            {
                case WalRecordType.CheckpointStart when payload.Length == 16:
                    Open = new Checkpoint(ReadPosition(payload), position, []);
                    break;
                case WalRecordType.CheckpointEntry:
                    Open?.Entries.Add(new WalRecord(r.Type, position, payload.ToArray()));
                    break;
                case WalRecordType.CheckpointFinalize when payload.Length == 20:
                    if (Open is { } open && ReadPosition(payload) == open.UpTo
                        && BinaryPrimitives.ReadInt32LittleEndian(payload[16..]) == open.Entries.Count)
                        Finalized = open;
                    Open = null;
                    break;
                case WalRecordType.CheckpointStart or WalRecordType.CheckpointFinalize:
                    Open = null;   // malformed marker: ends any open checkpoint unfinalized
                    break;
                default:
                    if (!_dataOffsets.TryGetValue(seq, out var list)) _dataOffsets[seq] = list = [];
                    list.Add(r.Offset);
                    break;
            }
        }

        public long CountFrom(WalPosition start)
        {
            long n = 0;
            foreach (var (seq, offsets) in _dataOffsets)
            {
                if (seq > start.FileSequence) n += offsets.Count;
                else if (seq == start.FileSequence) n += offsets.Count(o => o >= start.Offset);
            }
            return n;
        }

        private static WalPosition ReadPosition(ReadOnlySpan<byte> payload) =>
            new(BinaryPrimitives.ReadInt64LittleEndian(payload), BinaryPrimitives.ReadInt64LittleEndian(payload[8..]));
    }
}
