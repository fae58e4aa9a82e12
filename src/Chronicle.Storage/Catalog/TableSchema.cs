namespace Chronicle.Storage.Catalog;

/// <summary>A table (InfluxDB's measurement): one time column, tag columns and field columns.</summary>
public sealed class TableSchema
{
    /// <summary>Creates a schema, validating it.</summary>
    /// <param name="name">Table name.</param>
    /// <param name="columns">Columns in declared order: exactly one <see cref="ColumnRole.Time"/> column, at least one field, unique names (case-sensitive).</param>
    /// <param name="retention">Samples older than now minus this are dropped (whole shards); null keeps everything.</param>
    /// <param name="shardDuration">Shard width; null uses <see cref="StorageOptions.ShardDuration"/>.</param>
    /// <exception cref="ArgumentException">The columns are not a valid table.</exception>
    public TableSchema(string name, IReadOnlyList<ColumnSchema> columns, TimeSpan? retention = null, TimeSpan? shardDuration = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a table needs a name", nameof(name));
        if (columns.Count(c => c.Role == ColumnRole.Time) != 1)
            throw new ArgumentException($"table '{name}' must have exactly one TIMESTAMP column", nameof(columns));
        if (!columns.Any(c => c.Role == ColumnRole.Field))
            throw new ArgumentException($"table '{name}' must have at least one field column (DOUBLE, BIGINT, BOOLEAN or VARCHAR)", nameof(columns));
        var duplicate = columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"table '{name}' has two columns named '{duplicate.Key}'", nameof(columns));
        if (shardDuration is { } d && d <= TimeSpan.Zero) throw new ArgumentException("shard_duration must be positive", nameof(shardDuration));
        if (retention is { } r && r <= TimeSpan.Zero) throw new ArgumentException("retention must be positive", nameof(retention));
        Name = name;
        Columns = columns.ToArray();
        Retention = retention;
        ShardDuration = shardDuration;
        TimeColumn = Columns.First(c => c.Role == ColumnRole.Time);
        Tags = Columns.Where(c => c.Role == ColumnRole.Tag).ToArray();
        Fields = Columns.Where(c => c.Role == ColumnRole.Field).ToArray();
    }

    /// <summary>Table name.</summary>
    public string Name { get; }

    /// <summary>All columns in declared order.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The designated timestamp column.</summary>
    public ColumnSchema TimeColumn { get; }

    /// <summary>Tag columns in declared order.</summary>
    public IReadOnlyList<ColumnSchema> Tags { get; }

    /// <summary>Field columns in declared order.</summary>
    public IReadOnlyList<ColumnSchema> Fields { get; }

    /// <summary>Retention period, or null to keep everything.</summary>
    public TimeSpan? Retention { get; }

    /// <summary>Shard width, or null for the engine default.</summary>
    public TimeSpan? ShardDuration { get; }

    /// <summary>The column named <paramref name="name"/> (ordinal comparison), or null.</summary>
    public ColumnSchema? FindColumn(string name)
    {
        foreach (var c in Columns) if (string.Equals(c.Name, name, StringComparison.Ordinal)) return c;
        return null;
    }
}
