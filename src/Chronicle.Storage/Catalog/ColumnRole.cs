namespace Chronicle.Storage.Catalog;

/// <summary>What a table column is for.</summary>
public enum ColumnRole : byte
{
    /// <summary>The designated timestamp column (int64 nanoseconds since the Unix epoch, UTC). Exactly one per table.</summary>
    Time = 0,
    /// <summary>A string that identifies a series; indexed in the tag postings.</summary>
    Tag = 1,
    /// <summary>A value column; each field of each tag set is one series.</summary>
    Field = 2,
}
