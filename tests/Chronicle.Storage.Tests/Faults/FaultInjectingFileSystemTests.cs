namespace Chronicle.Storage.Tests.Faults;

public class FaultInjectingFileSystemTests
{
    private const string Dir = "/fs";

    private static FaultInjectingFileSystem NewFs()
    {
        var fs = new FaultInjectingFileSystem();
        fs.CreateDirectory(Dir);
        return fs;
    }

    [Fact]
    public void Crash_drops_unsynced_bytes_and_keeps_synced_ones()
    {
        var fs = NewFs();
        using (var f = fs.OpenAppend(Dir + "/a"))
        {
            f.Write([1, 2, 3]);
            f.Sync();
            f.Write([4, 5]);
        }
        fs.SyncDirectory(Dir);
        Assert.Equal(2, fs.UnsyncedBytes(Dir + "/a"));
        fs.Crash(new Random(1), CrashMode.DropUnsynced);
        Assert.Equal(new byte[] { 1, 2, 3 }, fs.ReadAllBytes(Dir + "/a"));
    }

    [Fact]
    public void KeepRandomPrefix_keeps_between_the_synced_and_the_written_length()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var fs = NewFs();
            var f = fs.OpenAppend(Dir + "/a");
            f.Write(new byte[100]);
            f.Sync();
            f.Write(Enumerable.Range(0, 200).Select(i => (byte)(i + 1)).ToArray());
            fs.SyncDirectory(Dir);
            fs.Crash(new Random(seed), CrashMode.KeepRandomPrefix);
            var data = fs.ReadAllBytes(Dir + "/a");
            Assert.InRange(data.Length, 100, 300);
            for (int i = 100; i < data.Length; i++) Assert.Equal((byte)(i - 99), data[i]);
        }
    }

    [Fact]
    public void ZeroFilled_keeps_whole_sectors_and_zeros_the_rest()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var fs = NewFs();
            var f = fs.OpenAppend(Dir + "/a");
            f.Write(Enumerable.Repeat((byte)7, 3000).ToArray());
            fs.SyncDirectory(Dir);
            fs.Crash(new Random(seed), CrashMode.KeepRandomPrefixZeroFilled);
            var data = fs.ReadAllBytes(Dir + "/a");
            Assert.Equal(3000, data.Length);
            int kept = Array.IndexOf(data, (byte)0);
            if (kept < 0) kept = data.Length;
            Assert.True(kept % FaultInjectingFileSystem.SectorSize == 0 || kept == 3000, $"kept {kept}");
            Assert.All(data[kept..], b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Directory_changes_without_a_directory_sync_are_undone()
    {
        var fs = NewFs();
        fs.WriteAllBytes(Dir + "/old", [9]);
        using (var f = fs.OpenAppend(Dir + "/new")) { f.Write([1]); f.Sync(); }
        fs.DeleteFile(Dir + "/old");
        fs.Crash(new Random(1), CrashMode.DropUnsynced);
        Assert.False(fs.FileExists(Dir + "/new"));
        Assert.True(fs.FileExists(Dir + "/old"));
        Assert.Equal(new byte[] { 9 }, fs.ReadAllBytes(Dir + "/old"));
    }

    [Fact]
    public void Rename_is_durable_after_a_directory_sync_only()
    {
        var fs = NewFs();
        fs.WriteAllBytes(Dir + "/tmp", [5]);
        fs.Rename(Dir + "/tmp", Dir + "/final");
        fs.Crash(new Random(1), CrashMode.DropUnsynced);
        Assert.True(fs.FileExists(Dir + "/tmp"));
        Assert.False(fs.FileExists(Dir + "/final"));

        fs.Rename(Dir + "/tmp", Dir + "/final");
        fs.SyncDirectory(Dir);
        fs.Crash(new Random(1), CrashMode.DropUnsynced);
        Assert.False(fs.FileExists(Dir + "/tmp"));
        Assert.Equal(new byte[] { 5 }, fs.ReadAllBytes(Dir + "/final"));
    }

    [Fact]
    public void ProcessKill_keeps_everything_written()
    {
        var fs = NewFs();
        var f = fs.OpenAppend(Dir + "/a");
        f.Write([1, 2]);
        fs.Crash(new Random(1), CrashMode.ProcessKill);
        Assert.Equal(new byte[] { 1, 2 }, fs.ReadAllBytes(Dir + "/a"));
        Assert.Throws<IOException>(() => f.Write([3]));
    }

    [Fact]
    public void Handles_opened_before_a_crash_are_dead()
    {
        var fs = NewFs();
        var f = fs.OpenAppend(Dir + "/a");
        fs.SyncDirectory(Dir);
        fs.Crash(new Random(1), CrashMode.DropUnsynced);
        Assert.Throws<IOException>(() => f.Write([1]));
        Assert.Throws<IOException>(() => f.Sync());
        Assert.Throws<IOException>(() => f.Truncate(0));
    }

    [Fact]
    public void FailWriteAt_fails_exactly_the_nth_write_after_writing_half()
    {
        var fs = NewFs();
        var f = fs.OpenAppend(Dir + "/a");
        fs.FailWriteAt(2);
        f.Write([1, 1, 1, 1]);
        var e = Assert.Throws<IOException>(() => f.Write([2, 2, 2, 2]));
        Assert.Contains(Dir + "/a", e.Message);
        Assert.Equal(6, f.Length);
        f.Write([3]);
        Assert.Equal(3, fs.WriteCount);
    }

    [Fact]
    public void FailSyncAt_fails_the_nth_sync_and_makes_nothing_durable()
    {
        var fs = NewFs();
        var f = fs.OpenAppend(Dir + "/a");
        fs.SyncDirectory(Dir);
        fs.FailSyncAt(1);
        f.Write([1, 2, 3]);
        Assert.Throws<IOException>(() => f.Sync());
        Assert.Equal(3, fs.UnsyncedBytes(Dir + "/a"));
        f.Sync();
        Assert.Equal(0, fs.UnsyncedBytes(Dir + "/a"));
        Assert.Equal(2, fs.SyncCount);
    }

    [Fact]
    public void A_write_beyond_capacity_reports_a_full_disk()
    {
        var fs = NewFs();
        fs.CapacityBytes = 10;
        var f = fs.OpenAppend(Dir + "/a");
        f.Write(new byte[8]);
        var e = Assert.Throws<IOException>(() => f.Write(new byte[8]));
        Assert.Contains("No space left on device", e.Message);
        Assert.Equal(10, fs.UsedBytes);
    }

    [Fact]
    public unsafe void MapReadOnly_returns_a_pinned_copy()
    {
        var fs = NewFs();
        fs.WriteAllBytes(Dir + "/a", [10, 20, 30]);
        using var map = fs.MapReadOnly(Dir + "/a");
        using (var f = fs.OpenAppend(Dir + "/a")) f.Truncate(0);
        Assert.Equal(3, map.Length);
        Assert.Equal(20, map.Pointer[1]);
        using var empty = fs.MapReadOnly(Dir + "/a");
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void ListFiles_matches_the_pattern_in_that_directory_sorted()
    {
        var fs = NewFs();
        fs.CreateDirectory(Dir + "/sub");
        fs.WriteAllBytes(Dir + "/b.wal", []);
        fs.WriteAllBytes(Dir + "/a.wal", []);
        fs.WriteAllBytes(Dir + "/c.tmp", []);
        fs.WriteAllBytes(Dir + "/sub/d.wal", []);
        Assert.Equal(["a.wal", "b.wal"], fs.ListFiles(Dir, "*.wal"));
        Assert.Empty(fs.ListFiles(Dir + "/missing", "*"));
    }

    [Fact]
    public void Missing_files_and_directories_are_errors()
    {
        var fs = NewFs();
        Assert.Throws<FileNotFoundException>(() => fs.OpenRead(Dir + "/none"));
        Assert.Throws<DirectoryNotFoundException>(() => fs.OpenAppend("/nodir/x"));
        fs.DeleteFile(Dir + "/none");   // not an error
    }

    [Fact]
    public void CrashAfterWrite_crashes_right_after_the_nth_write()
    {
        var fs = NewFs();
        var f = fs.OpenAppend(Dir + "/a");
        fs.SyncDirectory(Dir);
        f.Write([1]);
        f.Sync();
        fs.CrashAfterWrite(2, new Random(1), CrashMode.DropUnsynced);
        f.Write([2]);
        f.Write([3]);   // completes, then the crash
        Assert.Throws<IOException>(() => f.Sync());
        Assert.Equal(new byte[] { 1 }, fs.ReadAllBytes(Dir + "/a"));
    }
}
