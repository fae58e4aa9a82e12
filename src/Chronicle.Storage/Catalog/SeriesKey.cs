namespace Chronicle.Storage.Catalog;

/// <summary>
/// The canonical identity of a series: one table, one tag set, one field. Maps one-to-one to a
/// 64-bit series ID in the catalog.
/// </summary>
/// <param name="Table">Table name.</param>
/// <param name="Tags">Tag set (sorted, empty values omitted).</param>
/// <param name="Field">Field column name.</param>
public readonly record struct SeriesKey(string Table, TagSet Tags, string Field)
{
    /// <summary>The key as one string, <c>table\u0000tags\u0000field</c>, as stored in the catalog.</summary>
    public override string ToString() => $"{Table}\u0000{Tags.Canonical}\u0000{Field}";
}
