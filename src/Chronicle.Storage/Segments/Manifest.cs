using Chronicle.Storage.IO;

namespace Chronicle.Storage.Segments;

/// <summary>
/// The MANIFEST file: the one durable record of which segment files are live, the tombstones, the
/// ID and sequence counters, and the WAL checkpoint. The set of live segments changes only by
/// <see cref="Commit"/>, which swaps the whole file atomically (write MANIFEST.tmp, fsync, rename,
/// fsync the directory), so a crash leaves either the old state or the new one. Layout:
/// <c>docs/file-formats.md</c>, "Manifest".
/// </summary>
internal static class Manifest
{
    /// <summary>Name of the manifest file in its directory.</summary>
    public const string FileName = "MANIFEST";

    /// <summary>Name of the temporary file a commit writes before renaming it over <see cref="FileName"/>.</summary>
    public const string TempFileName = "MANIFEST.tmp";

    /// <summary>The format version this code writes and reads.</summary>
    public const uint FormatVersion = 1;

    /// <summary>Reads the manifest of <paramref name="directory"/>. A leftover MANIFEST.tmp is ignored.</summary>
    /// <returns>The committed state, or <see cref="ManifestState.Empty"/> when there is no MANIFEST file.</returns>
    /// <exception cref="CorruptionException">The file is truncated, has a bad magic, version or CRC, or impossible contents (names the file and offset).</exception>
    public static ManifestState Load(IFileSystem fs, string directory)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(directory);
        string path = System.IO.Path.Combine(directory, FileName);
        if (!fs.FileExists(path)) return ManifestState.Empty;
        byte[] bytes;
        using (var stream = fs.OpenRead(path))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        return ManifestCodec.Decode(bytes, path);
    }

    /// <summary>
    /// Makes <paramref name="state"/> the committed state of <paramref name="directory"/>: writes
    /// MANIFEST.tmp, fsyncs it, renames it over MANIFEST and fsyncs the directory. When this returns
    /// the new state is durable; if it throws, either state may be the one a later <see cref="Load"/> sees.
    /// </summary>
    /// <exception cref="IOException">A write, fsync or rename failed.</exception>
    public static void Commit(IFileSystem fs, string directory, ManifestState state)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(state);
        byte[] bytes = ManifestCodec.Encode(state);
        string temp = System.IO.Path.Combine(directory, TempFileName);
        fs.DeleteFile(temp); // OpenAppend would extend a leftover temp file
        using (var file = fs.OpenAppend(temp))
        {
            file.Write(bytes);
            file.Sync();
        }
        fs.Rename(temp, System.IO.Path.Combine(directory, FileName));
        fs.SyncDirectory(directory);
    }

    /// <summary>
    /// Segment files (<see cref="SegmentFormat.SearchPattern"/>) in <paramref name="directory"/> that
    /// <paramref name="state"/> does not list: the output of a flush or compaction that crashed before
    /// its manifest commit, or the inputs of a compaction that crashed before deleting them. The
    /// engine deletes them at open, before writing any new segment.
    /// </summary>
    /// <returns>File names (not paths), sorted ordinally.</returns>
    public static IReadOnlyList<string> FindOrphans(IFileSystem fs, string directory, ManifestState state)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(state);
        var live = new HashSet<string>(state.Segments.Select(s => s.Info.FileName), StringComparer.Ordinal);
        return fs.ListFiles(directory, SegmentFormat.SearchPattern).Where(name => !live.Contains(name)).ToArray();
    }
}
