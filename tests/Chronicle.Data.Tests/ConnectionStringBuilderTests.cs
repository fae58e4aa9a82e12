using Chronicle.Storage;

namespace Chronicle.Data.Tests;

public class ConnectionStringBuilderTests
{
    [Fact]
    public void Defaults_match_the_engine_defaults()
    {
        var b = new ChronicleConnectionStringBuilder();
        var defaults = new StorageOptions();
        Assert.Equal("", b.DataSource);
        Assert.Equal(ChronicleOpenMode.ReadWriteCreate, b.Mode);
        Assert.Equal(30, b.DefaultCommandTimeout);
        Assert.Equal(defaults with { }, b.ToStorageOptions() with { FileSystem = defaults.FileSystem });
    }

    [Fact]
    public void Every_keyword_parses_and_maps_to_storage_options()
    {
        var b = new ChronicleConnectionStringBuilder(
            "Data Source=/tmp/x;Mode=ReadOnly;Sync Mode=Always;Wal Sync Interval=2.5;Wal Max Size=64MB;Wal Max Files=3;" +
            "Chunk Size=240;Segment Chunk Size=1000;Buffer Size=1000;Flush Interval=0;Shard Duration=02:00:00;Default Command Timeout=7");
        Assert.Equal("/tmp/x", b.DataSource);
        Assert.Equal(ChronicleOpenMode.ReadOnly, b.Mode);
        Assert.Equal(7, b.DefaultCommandTimeout);
        var o = b.ToStorageOptions();
        Assert.Equal(SyncMode.Always, o.SyncMode);
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.WalSyncInterval);
        Assert.Equal(64L << 20, o.WalMaxSize);
        Assert.Equal(3, o.WalMaxFiles);
        Assert.Equal(240, o.ChunkSize);
        Assert.Equal(1000, o.SegmentChunkSize);
        Assert.Equal(1000, o.BufferSize);
        Assert.Equal(TimeSpan.Zero, o.FlushInterval);
        Assert.Equal(TimeSpan.FromHours(2), o.ShardDuration);
        Assert.True(o.ReadOnly);
    }

    [Theory]
    [InlineData("DataSource=d")]
    [InlineData("Directory=d")]
    [InlineData("data source=d")]
    [InlineData("DATA SOURCE=d")]
    public void Data_source_aliases_and_case(string cs) => Assert.Equal("d", new ChronicleConnectionStringBuilder(cs).DataSource);

    [Theory]
    [InlineData("Wal Sync Interval=250ms", 0.25)]
    [InlineData("WalSyncInterval=10s", 10)]
    [InlineData("wal sync interval=5m", 300)]
    [InlineData("Wal Sync Interval=00:00:03", 3)]
    [InlineData("Wal Sync Interval=1.5", 1.5)]
    public void Durations_accept_seconds_units_and_timespan_text(string cs, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new ChronicleConnectionStringBuilder(cs).WalSyncInterval);

    [Fact]
    public void Unknown_keyword_names_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => new ChronicleConnectionStringBuilder("Data Source=x;Journal Mode=WAL"));
        Assert.Contains("journal mode", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Data Source", e.Message);
        Assert.Contains("Sync Mode", e.Message);
        Assert.Contains("Default Command Timeout", e.Message);
    }

    [Theory]
    [InlineData("Mode=Create", "Mode", "ReadWriteCreate")]
    [InlineData("Mode=7", "Mode", "ReadWriteCreate")]
    [InlineData("Sync Mode=Sometimes", "Sync Mode", "Always")]
    [InlineData("Wal Sync Interval=soon", "Wal Sync Interval", "duration")]
    [InlineData("Wal Sync Interval=0", "Wal Sync Interval", "positive")]
    [InlineData("Wal Sync Interval=-1", "Wal Sync Interval", "duration")]
    [InlineData("Wal Max Size=big", "Wal Max Size", "size")]
    [InlineData("Chunk Size=0", "Chunk Size", "integer")]
    [InlineData("Buffer Size=-5", "Buffer Size", "integer")]
    [InlineData("Default Command Timeout=-1", "Default Command Timeout", "integer")]
    [InlineData("Shard Duration=0", "Shard Duration", "positive")]
    [InlineData("Segment Chunk Size=0", "Segment Chunk Size", "1 to 65535")]
    [InlineData("SegmentChunkSize=70000", "Segment Chunk Size", "1 to 65535")]
    public void Bad_values_name_the_keyword_and_what_was_expected(string cs, string keyword, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new ChronicleConnectionStringBuilder(cs));
        Assert.Contains($"'{keyword}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Typed_setters_round_trip_through_the_connection_string()
    {
        var b = new ChronicleConnectionStringBuilder
        {
            DataSource = "/data/metrics",
            SyncMode = SyncMode.None,
            WalSyncInterval = TimeSpan.FromMilliseconds(500),
            DefaultCommandTimeout = 0,
        };
        var parsed = new ChronicleConnectionStringBuilder(b.ConnectionString);
        Assert.Equal("/data/metrics", parsed.DataSource);
        Assert.Equal(SyncMode.None, parsed.SyncMode);
        Assert.Equal(TimeSpan.FromMilliseconds(500), parsed.WalSyncInterval);
        Assert.Equal(0, parsed.DefaultCommandTimeout);
        Assert.Contains("Sync Mode=None", b.ConnectionString);
    }

    [Fact]
    public void Indexer_accepts_aliases_and_null_resets()
    {
        var b = new ChronicleConnectionStringBuilder("Sync Mode=Always");
        Assert.Equal(SyncMode.Always, b["syncmode"]);
        Assert.True(b.ContainsKey("SYNCMODE"));
        b["Sync Mode"] = null;
        Assert.Equal(SyncMode.Interval, b.SyncMode);
        Assert.False(b.ContainsKey("Sync Mode"));
        Assert.Throws<ArgumentException>(() => b["nope"]);
    }

    [Fact]
    public void Segment_chunk_size_and_shard_duration_are_unset_by_default_and_round_trip()
    {
        var b = new ChronicleConnectionStringBuilder();
        Assert.Null(b.SegmentChunkSize);
        Assert.Null(b.ShardDuration);
        Assert.Null(b.ToStorageOptions().SegmentChunkSize);
        b.SegmentChunkSize = 256;
        var parsed = new ChronicleConnectionStringBuilder(b.ConnectionString);
        Assert.Contains("Segment Chunk Size=256", b.ConnectionString);
        Assert.Equal(256, parsed.SegmentChunkSize);
        Assert.Equal(256, parsed.ToStorageOptions().SegmentChunkSize);
        parsed.SegmentChunkSize = null;
        Assert.Null(parsed.ToStorageOptions().SegmentChunkSize);
        Assert.False(parsed.ContainsKey("Segment Chunk Size"));
    }
}
