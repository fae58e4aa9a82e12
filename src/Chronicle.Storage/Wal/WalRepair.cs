using Chronicle.Storage.IO;

namespace Chronicle.Storage.Wal;

/// <summary>
/// Offline WAL repair (after etcd's <c>repair.go</c>): truncate at the first bad record of any file
/// and delete every later file, because records after a hole cannot be replayed in order.
/// </summary>
internal static class WalRepair
{
    /// <summary>Repairs the WAL in <paramref name="walDir"/> (the <c>wal</c> directory itself).</summary>
    /// <exception cref="StorageException">An I/O error.</exception>
    public static WalRepairReport Run(IFileSystem fs, string walDir)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var report = new WalRepairReport();
        try
        {
            var sequences = WriteAheadLog.ListSequences(fs, walDir, report.Messages);
            for (int i = 0; i < sequences.Count; i++)
            {
                string path = Path.Combine(walDir, WalFileName.Format(sequences[i]));
                byte[] data = WriteAheadLog.ReadAll(fs, path);
                var (stop, problem) = WalFileScanner.Scan(data, null);
                if (problem == WalScanProblem.None) continue;

                report.Repaired = true;
                report.TruncatedFile = path;
                report.TruncatedAtOffset = stop;
                report.BytesDropped = data.Length - stop;
                report.Messages.Add($"{path}: {WalFileScanner.Describe(problem)} at byte offset {stop}; truncated, {data.Length - stop} bytes dropped");
                using (var f = fs.OpenAppend(path))
                {
                    f.Truncate(stop);
                    f.Sync();
                }
                for (int k = i + 1; k < sequences.Count; k++)
                {
                    string later = Path.Combine(walDir, WalFileName.Format(sequences[k]));
                    byte[] laterData = WriteAheadLog.ReadAll(fs, later);
                    long records = 0;
                    WalFileScanner.Scan(laterData, _ => records++);
                    fs.DeleteFile(later);
                    report.DeletedFiles.Add(later);
                    report.RecordsDropped += records;
                    report.BytesDropped += laterData.Length;
                    report.Messages.Add($"{later}: deleted ({laterData.Length} bytes, {records} readable records)");
                }
                fs.SyncDirectory(walDir);
                return report;
            }
            report.Messages.Add($"{walDir}: {sequences.Count} file(s), no bad record found");
            return report;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"WAL repair in '{walDir}' failed: {e.Message}", e);
        }
    }
}
