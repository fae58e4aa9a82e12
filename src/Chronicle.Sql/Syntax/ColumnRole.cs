namespace Chronicle.Sql.Syntax;

/// <summary>The role of a column in a time-series table.</summary>
public enum ColumnRole
{
    /// <summary>The designated timestamp column (type TIMESTAMP); exactly one per table.</summary>
    Time,
    /// <summary>A tag: an indexed string that identifies a series.</summary>
    Tag,
    /// <summary>A field: a measured value (DOUBLE, BIGINT, BOOLEAN or VARCHAR).</summary>
    Field,
}
