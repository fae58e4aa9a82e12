using System.Collections;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Chronicle.Data.Internal;
using Chronicle.Storage;

namespace Chronicle.Data;

/// <summary>
/// Builds and parses Chronicle connection strings, such as
/// <c>Data Source=/var/lib/metrics;Sync Mode=Always;Wal Sync Interval=2s</c>. Keywords are
/// case-insensitive and may be written with or without spaces (<c>SyncMode</c> = <c>Sync Mode</c>);
/// an unknown keyword throws <see cref="ArgumentException"/> naming the valid ones, and a bad value
/// throws <see cref="ArgumentException"/> naming what was expected. The engine settings map to
/// <see cref="StorageOptions"/> in one place. The keywords and their defaults are listed in
/// <c>docs/provider.md</c>, section "Connection string".
/// </summary>
public sealed class ChronicleConnectionStringBuilder : DbConnectionStringBuilder
{
    private enum Keyword
    {
        DataSource, Mode, SyncMode, WalSyncInterval, WalMaxSize, WalMaxFiles, ChunkSize, SegmentChunkSize, BufferSize,
        FlushInterval, ShardDuration, DefaultCommandTimeout,
    }

    /// <summary>Canonical keyword text, in the order shown in error messages.</summary>
    private static readonly string[] CanonicalNames =
    [
        "Data Source", "Mode", "Sync Mode", "Wal Sync Interval", "Wal Max Size", "Wal Max Files", "Chunk Size",
        "Segment Chunk Size", "Buffer Size", "Flush Interval", "Shard Duration", "Default Command Timeout",
    ];

    private static readonly Dictionary<string, Keyword> KeywordsByName = BuildKeywordMap();

    private static readonly StorageOptions Defaults = new();

    /// <summary>The default <see cref="DefaultCommandTimeout"/>: 30 seconds.</summary>
    public const int DefaultCommandTimeoutSeconds = 30;

    private string _dataSource = "";
    private ChronicleOpenMode _mode;
    private SyncMode _syncMode = Defaults.SyncMode;
    private TimeSpan _walSyncInterval = Defaults.WalSyncInterval;
    private long _walMaxSize = Defaults.WalMaxSize;
    private int _walMaxFiles = Defaults.WalMaxFiles;
    private int _chunkSize = Defaults.ChunkSize;
    private long _bufferSize = Defaults.BufferSize;
    private TimeSpan _flushInterval = Defaults.FlushInterval;
    private TimeSpan? _shardDuration = Defaults.ShardDuration;
    private int? _segmentChunkSize = Defaults.SegmentChunkSize;
    private int _defaultCommandTimeout = DefaultCommandTimeoutSeconds;

    /// <summary>Creates an empty builder (every setting at its default).</summary>
    public ChronicleConnectionStringBuilder() { }

    /// <summary>Creates a builder from a connection string.</summary>
    /// <exception cref="ArgumentException">An unknown keyword or a bad value.</exception>
    public ChronicleConnectionStringBuilder(string? connectionString) => ConnectionString = connectionString;

    private static Dictionary<string, Keyword> BuildKeywordMap()
    {
        var map = new Dictionary<string, Keyword>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < CanonicalNames.Length; i++)
        {
            map[CanonicalNames[i]] = (Keyword)i;
            map[CanonicalNames[i].Replace(" ", "", StringComparison.Ordinal)] = (Keyword)i;
        }
        map["Directory"] = Keyword.DataSource;
        map["Command Timeout"] = Keyword.DefaultCommandTimeout;
        map["CommandTimeout"] = Keyword.DefaultCommandTimeout;
        return map;
    }

    /// <summary>The database directory (keyword <c>Data Source</c>; aliases <c>DataSource</c>, <c>Directory</c>). Required to open.</summary>
    public string DataSource
    {
        get => _dataSource;
        set => this[CanonicalNames[(int)Keyword.DataSource]] = value;
    }

    /// <summary>How the directory is opened (keyword <c>Mode</c>): <c>ReadWriteCreate</c> (default), <c>ReadWrite</c> or <c>ReadOnly</c>.</summary>
    public ChronicleOpenMode Mode
    {
        get => _mode;
        set => this[CanonicalNames[(int)Keyword.Mode]] = value;
    }

    /// <summary>When the WAL is fsynced (keyword <c>Sync Mode</c>): <c>Always</c>, <c>Interval</c> (default) or <c>None</c>. See <see cref="Storage.SyncMode"/>.</summary>
    public SyncMode SyncMode
    {
        get => _syncMode;
        set => this[CanonicalNames[(int)Keyword.SyncMode]] = value;
    }

    /// <summary>Upper bound between a write and its fsync in <c>Interval</c> mode (keyword <c>Wal Sync Interval</c>; seconds, <c>250ms</c>, or TimeSpan text). Default 1 s.</summary>
    public TimeSpan WalSyncInterval
    {
        get => _walSyncInterval;
        set => this[CanonicalNames[(int)Keyword.WalSyncInterval]] = value;
    }

    /// <summary>Size in bytes at which a WAL file is rotated (keyword <c>Wal Max Size</c>; bytes or <c>64MB</c>). Default 128 MiB.</summary>
    public long WalMaxSize
    {
        get => _walMaxSize;
        set => this[CanonicalNames[(int)Keyword.WalMaxSize]] = value;
    }

    /// <summary>WAL files beyond which the engine forces a flush (keyword <c>Wal Max Files</c>). Default 8.</summary>
    public int WalMaxFiles
    {
        get => _walMaxFiles;
        set => this[CanonicalNames[(int)Keyword.WalMaxFiles]] = value;
    }

    /// <summary>Samples per head chunk before it seals (keyword <c>Chunk Size</c>). Default 120.</summary>
    public int ChunkSize
    {
        get => _chunkSize;
        set => this[CanonicalNames[(int)Keyword.ChunkSize]] = value;
    }

    /// <summary>
    /// Maximum samples per chunk in segment files (keyword <c>Segment Chunk Size</c>, 1 to 65,535); null (the
    /// default) uses 512. Chunks are cut at time-aligned windows; see <see cref="StorageOptions.SegmentChunkSize"/>.
    /// </summary>
    public int? SegmentChunkSize
    {
        get => _segmentChunkSize;
        set => this[CanonicalNames[(int)Keyword.SegmentChunkSize]] = value;
    }

    /// <summary>Samples held in the memstore before a flush to an L0 segment (keyword <c>Buffer Size</c>). Default 8,000,000.</summary>
    public long BufferSize
    {
        get => _bufferSize;
        set => this[CanonicalNames[(int)Keyword.BufferSize]] = value;
    }

    /// <summary>Interval of the background memstore flush (keyword <c>Flush Interval</c>); 0 disables it. Default 10 minutes.</summary>
    public TimeSpan FlushInterval
    {
        get => _flushInterval;
        set => this[CanonicalNames[(int)Keyword.FlushInterval]] = value;
    }

    /// <summary>
    /// Shard width of tables created without their own (keyword <c>Shard Duration</c>); null (the default)
    /// derives it from the table's retention: under 2 days 1 hour, up to 6 months 1 day, else 7 days.
    /// </summary>
    public TimeSpan? ShardDuration
    {
        get => _shardDuration;
        set => this[CanonicalNames[(int)Keyword.ShardDuration]] = value;
    }

    /// <summary>The <see cref="DbCommand.CommandTimeout"/> of new commands, in seconds; 0 means no limit (keyword <c>Default Command Timeout</c>, alias <c>Command Timeout</c>). Default 30.</summary>
    public int DefaultCommandTimeout
    {
        get => _defaultCommandTimeout;
        set => this[CanonicalNames[(int)Keyword.DefaultCommandTimeout]] = value;
    }

    /// <summary>The canonical keywords (aliases excluded).</summary>
    public override ICollection Keys => CanonicalNames;

    /// <summary>Gets or sets a value by keyword (case-insensitive, aliases accepted). Setting null resets it to its default.</summary>
    /// <exception cref="ArgumentException">An unknown keyword, or a value that does not parse.</exception>
    [AllowNull]
    public override object this[string keyword]
    {
        get => GetTyped(GetKeyword(keyword));
        set
        {
            var k = GetKeyword(keyword);
            if (value is null) { Reset(k); base.Remove(CanonicalNames[(int)k]); return; }
            SetTyped(k, value);
            base[CanonicalNames[(int)k]] = FormatValue(value);
        }
    }

    /// <inheritdoc/>
    public override bool ContainsKey(string keyword) =>
        KeywordsByName.TryGetValue(keyword, out var k) && base.ContainsKey(CanonicalNames[(int)k]);

    /// <inheritdoc/>
    public override bool Remove(string keyword)
    {
        if (!KeywordsByName.TryGetValue(keyword, out var k)) return false;
        Reset(k);
        return base.Remove(CanonicalNames[(int)k]);
    }

    /// <inheritdoc/>
    public override void Clear()
    {
        base.Clear();
        foreach (Keyword k in Enum.GetValues<Keyword>()) Reset(k);
    }

    /// <inheritdoc/>
    public override bool ShouldSerialize(string keyword) =>
        KeywordsByName.TryGetValue(keyword, out var k) && base.ShouldSerialize(CanonicalNames[(int)k]);

    /// <inheritdoc/>
    public override bool TryGetValue(string keyword, [NotNullWhen(true)] out object? value)
    {
        if (!KeywordsByName.TryGetValue(keyword, out var k)) { value = null; return false; }
        value = GetTyped(k);
        return true;
    }

    /// <summary>
    /// The engine settings of this connection string as <see cref="StorageOptions"/>: the one place
    /// where keywords map to engine options.
    /// </summary>
    public StorageOptions ToStorageOptions() => new()
    {
        SyncMode = _syncMode,
        WalSyncInterval = _walSyncInterval,
        WalMaxSize = _walMaxSize,
        WalMaxFiles = _walMaxFiles,
        ChunkSize = _chunkSize,
        SegmentChunkSize = _segmentChunkSize,
        BufferSize = _bufferSize,
        FlushInterval = _flushInterval,
        ShardDuration = _shardDuration,
        ReadOnly = _mode == ChronicleOpenMode.ReadOnly,
    };

    private static Keyword GetKeyword(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        if (KeywordsByName.TryGetValue(keyword.Trim(), out var k)) return k;
        throw Errors.UnknownKeyword(keyword, CanonicalNames);
    }

    private object GetTyped(Keyword k) => k switch
    {
        Keyword.DataSource => _dataSource,
        Keyword.Mode => _mode,
        Keyword.SyncMode => _syncMode,
        Keyword.WalSyncInterval => _walSyncInterval,
        Keyword.WalMaxSize => _walMaxSize,
        Keyword.WalMaxFiles => _walMaxFiles,
        Keyword.ChunkSize => _chunkSize,
        Keyword.BufferSize => _bufferSize,
        Keyword.FlushInterval => _flushInterval,
        Keyword.SegmentChunkSize => (object?)_segmentChunkSize ?? DBNull.Value,
        Keyword.ShardDuration => (object?)_shardDuration ?? DBNull.Value,
        Keyword.DefaultCommandTimeout => _defaultCommandTimeout,
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    private void Reset(Keyword k)
    {
        switch (k)
        {
            case Keyword.DataSource: _dataSource = ""; break;
            case Keyword.Mode: _mode = ChronicleOpenMode.ReadWriteCreate; break;
            case Keyword.SyncMode: _syncMode = Defaults.SyncMode; break;
            case Keyword.WalSyncInterval: _walSyncInterval = Defaults.WalSyncInterval; break;
            case Keyword.WalMaxSize: _walMaxSize = Defaults.WalMaxSize; break;
            case Keyword.WalMaxFiles: _walMaxFiles = Defaults.WalMaxFiles; break;
            case Keyword.ChunkSize: _chunkSize = Defaults.ChunkSize; break;
            case Keyword.SegmentChunkSize: _segmentChunkSize = Defaults.SegmentChunkSize; break;
            case Keyword.BufferSize: _bufferSize = Defaults.BufferSize; break;
            case Keyword.FlushInterval: _flushInterval = Defaults.FlushInterval; break;
            case Keyword.ShardDuration: _shardDuration = Defaults.ShardDuration; break;
            case Keyword.DefaultCommandTimeout: _defaultCommandTimeout = DefaultCommandTimeoutSeconds; break;
        }
    }

    private void SetTyped(Keyword k, object value)
    {
        var name = CanonicalNames[(int)k];
        switch (k)
        {
            case Keyword.DataSource:
                _dataSource = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                break;
            case Keyword.Mode:
                _mode = ParseEnum<ChronicleOpenMode>(name, value);
                break;
            case Keyword.SyncMode:
                _syncMode = ParseEnum<SyncMode>(name, value);
                break;
            case Keyword.WalSyncInterval:
                _walSyncInterval = ParseDuration(name, value, allowZero: false);
                break;
            case Keyword.FlushInterval:
                _flushInterval = ParseDuration(name, value, allowZero: true);
                break;
            case Keyword.ShardDuration:
                _shardDuration = ParseDuration(name, value, allowZero: false);
                break;
            case Keyword.WalMaxSize:
                _walMaxSize = ParseBytes(name, value);
                break;
            case Keyword.BufferSize:
                _bufferSize = ParsePositiveLong(name, value);
                break;
            case Keyword.WalMaxFiles:
                _walMaxFiles = (int)ParseInt(name, value, min: 1);
                break;
            case Keyword.ChunkSize:
                _chunkSize = (int)ParseInt(name, value, min: 1);
                break;
            case Keyword.SegmentChunkSize:
                _segmentChunkSize = (int)ParseInt(name, value, min: 1, max: ushort.MaxValue);
                break;
            case Keyword.DefaultCommandTimeout:
                _defaultCommandTimeout = (int)ParseInt(name, value, min: 0);
                break;
        }
    }

    private static T ParseEnum<T>(string name, object value) where T : struct, Enum
    {
        if (value is T t && Enum.IsDefined(t)) return t;
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
        if (text is not null && !char.IsAsciiDigit(text.FirstOrDefault()) && text.FirstOrDefault() != '-'
            && Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            return parsed;
        throw Errors.BadKeywordValue(name, value, "one of " + string.Join(", ", Enum.GetNames<T>()));
    }

    private static TimeSpan ParseDuration(string name, object value, bool allowZero)
    {
        TimeSpan result;
        if (value is TimeSpan ts) result = ts;
        else if (value is int or long or double) result = TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
        else if (!SettingParsers.TryParseDuration(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", out result))
            throw Errors.BadKeywordValue(name, value, "a duration: seconds (1.5), a number with a unit (250ms, 10s, 5m, 2h, 1d) or TimeSpan text (00:00:01)");
        if (result < TimeSpan.Zero || (!allowZero && result == TimeSpan.Zero))
            throw Errors.BadKeywordValue(name, value, allowZero ? "a duration of zero or more" : "a positive duration");
        return result;
    }

    private static long ParseBytes(string name, object value)
    {
        if (value is int or long) return ParsePositiveLong(name, value);
        if (SettingParsers.TryParseBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", out var bytes)) return bytes;
        throw Errors.BadKeywordValue(name, value, "a positive size in bytes, optionally with a unit (64MB, 1GB)");
    }

    private static long ParsePositiveLong(string name, object value) => ParseInt(name, value, min: 1, max: long.MaxValue);

    private static long ParseInt(string name, object value, long min, long max = int.MaxValue)
    {
        long n;
        if (value is int i) n = i;
        else if (value is long l) n = l;
        else if (!long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n))
            n = min - 1;
        if (n < min || n > max)
            throw Errors.BadKeywordValue(name, value, $"an integer from {min} to {max}");
        return n;
    }

    private static string FormatValue(object value) => value switch
    {
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
