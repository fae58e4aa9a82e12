namespace Chronicle.Storage.Catalog;

/// <summary>A series as the catalog knows it.</summary>
/// <param name="Id">Series ID: assigned in increasing order, never reused (also across crashes).</param>
/// <param name="Key">Table, tag set and field.</param>
/// <param name="Type">The field's value type.</param>
public sealed record SeriesInfo(long Id, SeriesKey Key, FieldType Type);
