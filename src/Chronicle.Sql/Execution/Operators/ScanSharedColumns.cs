namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// Columns that a table scan's batches share instead of allocating and filling them per batch
/// (batches never change their arrays, so sharing is safe):
/// <list type="bullet">
/// <item>the tag columns of a full batch that holds one tag set only: one array per tag column
/// filled with the tag set's value once, then used by every such batch of the tag set. A tag set
/// of a million rows fills its tag columns once, not once per row, and an Arrow export that meets
/// the same array again reuses its dictionary indices (see the provider's ArrowBatchConverter);</item>
/// <item>the all-NULL vectors of the table's fields that the scan does not read (a 10-field table
/// scanned for one field would otherwise allocate and fill 9 null masks per batch).</item>
/// </list>
/// </summary>
internal sealed class ScanSharedColumns
{
    private string?[]? _tags;
    private string?[]?[] _tagColumns = [];
    private readonly Dictionary<(ResultType Type, int Length), ColumnVector> _allNull = [];

    /// <summary>An array of <paramref name="length"/> copies of <c>tags[column]</c>, the same instance for the same tag set, column and length.</summary>
    /// <param name="tags">Tag value per scan column; one array instance per tag set (a new instance starts a new cache).</param>
    /// <param name="column">Scan index of the tag column.</param>
    /// <param name="length">Rows (the batch capacity).</param>
    public string?[] TagColumn(string?[] tags, int column, int length)
    {
        if (!ReferenceEquals(tags, _tags))
        {
            _tags = tags;
            _tagColumns = new string?[tags.Length][];
        }
        var cached = _tagColumns[column];
        if (cached is null || cached.Length != length)
        {
            cached = new string?[length];
            Array.Fill(cached, tags[column]);
            _tagColumns[column] = cached;
        }
        return cached;
    }

    /// <summary>A vector of <paramref name="length"/> NULLs of <paramref name="type"/>, the same instance for the same type and length.</summary>
    public ColumnVector AllNull(ResultType type, int length)
    {
        if (!_allNull.TryGetValue((type, length), out var vector))
            _allNull[(type, length)] = vector = Vectors.AllNull(type, length);
        return vector;
    }
}
