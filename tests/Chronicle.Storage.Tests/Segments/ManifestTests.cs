using Chronicle.Storage.IO;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Tests.Segments;

public sealed class ManifestTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static IFileSystem Fs => PhysicalFileSystem.Instance;

    public void Dispose() => _dir.Dispose();

    private static ManifestState SampleState(long version) => new(
        version, NextSegmentId: 12, NextSequence: 30,
        Segments:
        [
            new SegmentEntry(new SegmentInfo(3, 1, 86_400_000_000_000, 86_400_000_000_001, 172_799_999_999_999, 40, 4_800, 123_456, SegmentFormat.FileNameFor(3)), 9),
            new SegmentEntry(new SegmentInfo(11, 0, 0, long.MaxValue, long.MinValue, 0, 0, 112, SegmentFormat.FileNameFor(11)), 29),
        ],
        Tombstones: [new Tombstone([5, 7, -1], 100, 200, 25), new Tombstone([], long.MinValue, long.MaxValue, 26)],
        WalCheckpointFile: 4, WalCheckpointOffset: 1_048_576);

    private static void AssertSame(ManifestState expected, ManifestState actual)
    {
        Assert.Equal((expected.Version, expected.NextSegmentId, expected.NextSequence, expected.WalCheckpointFile, expected.WalCheckpointOffset),
            (actual.Version, actual.NextSegmentId, actual.NextSequence, actual.WalCheckpointFile, actual.WalCheckpointOffset));
        Assert.Equal(expected.Segments, actual.Segments);
        Assert.Equal(expected.Tombstones.Count, actual.Tombstones.Count);
        for (int i = 0; i < expected.Tombstones.Count; i++)
        {
            var (e, a) = (expected.Tombstones[i], actual.Tombstones[i]);
            Assert.Equal((e.MinTime, e.MaxTime, e.Sequence), (a.MinTime, a.MaxTime, a.Sequence));
            Assert.Equal(e.SeriesIds, a.SeriesIds);
        }
    }

    [Fact]
    public void MissingManifestLoadsTheEmptyState()
    {
        var state = Manifest.Load(Fs, _dir.Path);
        Assert.Same(ManifestState.Empty, state);
        Assert.Equal((0L, 1L, 1L), (state.Version, state.NextSegmentId, state.NextSequence));
    }

    [Fact]
    public void CommitThenLoadRoundTrips()
    {
        var state = SampleState(5);
        Manifest.Commit(Fs, _dir.Path, state);
        AssertSame(state, Manifest.Load(Fs, _dir.Path));
        Assert.False(File.Exists(_dir.File(Manifest.TempFileName)));

        var next = SampleState(6) with { Segments = [], Tombstones = [] };
        Manifest.Commit(Fs, _dir.Path, next);
        AssertSame(next, Manifest.Load(Fs, _dir.Path));
    }

    [Fact]
    public void CrashBeforeTheRenameLeavesTheOldState()
    {
        var old = SampleState(1);
        Manifest.Commit(Fs, _dir.Path, old);
        byte[] next = ManifestCodec.Encode(SampleState(2) with { NextSegmentId = 99 });

        // Crash after writing (all or part of) MANIFEST.tmp, before the rename.
        foreach (int written in new[] { next.Length, next.Length / 2, 0 })
        {
            File.WriteAllBytes(_dir.File(Manifest.TempFileName), next.AsSpan(0, written).ToArray());
            AssertSame(old, Manifest.Load(Fs, _dir.Path));
        }

        // The next commit replaces the leftover temp file rather than appending to it.
        var recovered = SampleState(2);
        Manifest.Commit(Fs, _dir.Path, recovered);
        AssertSame(recovered, Manifest.Load(Fs, _dir.Path));
    }

    [Fact]
    public void AnyCorruptByteOrTruncationFailsLoadNamingTheFile()
    {
        Manifest.Commit(Fs, _dir.Path, SampleState(3));
        string path = _dir.File(Manifest.FileName);
        byte[] good = File.ReadAllBytes(path);
        for (int i = 0; i < good.Length; i++)
        {
            byte[] copy = (byte[])good.Clone();
            copy[i] ^= 0x04;
            File.WriteAllBytes(path, copy);
            var ex = Assert.Throws<CorruptionException>(() => Manifest.Load(Fs, _dir.Path));
            Assert.Equal(path, ex.Path);
        }
        for (int length = 0; length < good.Length; length++)
        {
            File.WriteAllBytes(path, good.AsSpan(0, length).ToArray());
            var ex = Assert.Throws<CorruptionException>(() => Manifest.Load(Fs, _dir.Path));
            Assert.Equal(path, ex.Path);
        }
    }

    [Fact]
    public void FindsSegmentFilesTheManifestDoesNotList()
    {
        var state = SampleState(1); // lists segments 3 and 11
        foreach (long id in new long[] { 2, 3, 11, 12 })
            File.WriteAllBytes(_dir.File(SegmentFormat.FileNameFor(id)), [1]);
        File.WriteAllBytes(_dir.File(Manifest.FileName), [1]);
        File.WriteAllBytes(_dir.File("notes.txt"), [1]);

        Assert.Equal([SegmentFormat.FileNameFor(2), SegmentFormat.FileNameFor(12)], Manifest.FindOrphans(Fs, _dir.Path, state));
        Assert.Equal(4, Manifest.FindOrphans(Fs, _dir.Path, ManifestState.Empty).Count);
    }

    [Fact]
    public void RejectsAFileNameWithADirectory()
    {
        var state = SampleState(1) with { Segments = [new SegmentEntry(new SegmentInfo(1, 0, 0, 0, 0, 0, 0, 0, "../x.seg"), 1)] };
        Assert.Throws<ArgumentException>(() => Manifest.Commit(Fs, _dir.Path, state));
    }
}
