using Chronicle.Storage.Catalog;

namespace Chronicle.Storage.Writing;

/// <summary>
/// Turns rows of a table (a timestamp, tag values, field values) into series samples: resolves
/// series keys through a local cache and the catalog (new series batched into one catalog
/// transaction per <see cref="WriteAsync"/>), and writes them as one atomic <see cref="SampleBatch"/>.
/// Used by SQL INSERT, the bulk inserter and file import. Not thread-safe.
/// </summary>
public sealed class TableWriter
{
    /// <summary>Creates a writer for table <paramref name="table"/>.</summary>
    /// <exception cref="StorageException">The table does not exist.</exception>
    public TableWriter(StorageEngine engine, string table) => throw new NotImplementedException();

    /// <summary>The table's schema.</summary>
    public TableSchema Schema => throw new NotImplementedException();

    /// <summary>Rows added since the last write.</summary>
    public int PendingRows => throw new NotImplementedException();

    /// <summary>Samples added since the last write.</summary>
    public int PendingSamples => throw new NotImplementedException();

    /// <summary>Starts a row at <paramref name="timestamp"/> (nanoseconds); tags and fields default to absent.</summary>
    /// <exception cref="InvalidOperationException">A row is already open.</exception>
    public void BeginRow(long timestamp) => throw new NotImplementedException();

    /// <summary>Sets tag <paramref name="tagOrdinal"/> (index into <see cref="TableSchema.Tags"/>); null or empty means absent.</summary>
    public void SetTag(int tagOrdinal, string? value) => throw new NotImplementedException();

    /// <summary>Sets field <paramref name="fieldOrdinal"/> (index into <see cref="TableSchema.Fields"/>) to a 64-bit word of the field's type (not VarChar).</summary>
    public void SetFieldBits(int fieldOrdinal, long bits) => throw new NotImplementedException();

    /// <summary>Sets field <paramref name="fieldOrdinal"/> to a value converted to the field's type: double, long/int, bool or string.</summary>
    /// <exception cref="InvalidCastException">The value cannot be converted to the field's type (the message names the column).</exception>
    public void SetField(int fieldOrdinal, object? value) => throw new NotImplementedException();

    /// <summary>Ends the row. A row with no field values writes nothing.</summary>
    public void EndRow() => throw new NotImplementedException();

    /// <summary>Discards the pending rows.</summary>
    public void Clear() => throw new NotImplementedException();

    /// <summary>
    /// Appends the samples of one field of one tag set column-wise (the bulk fast path).
    /// </summary>
    /// <param name="tagValues">Tag values in <see cref="TableSchema.Tags"/> order (null = absent).</param>
    /// <param name="fieldOrdinal">Index into <see cref="TableSchema.Fields"/>; the field's type must not be VarChar.</param>
    /// <param name="timestamps">Nanoseconds.</param>
    /// <param name="bits">Values as 64-bit words.</param>
    public void AppendColumn(ReadOnlySpan<string?> tagValues, int fieldOrdinal, ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bits) => throw new NotImplementedException();

    /// <summary>Resolves series and writes the pending samples as one atomic batch; returns the rows written.</summary>
    public ValueTask<int> WriteAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Resolves series and moves the pending samples into <paramref name="batch"/> without writing (for transactions); returns the rows moved.</summary>
    public int DrainInto(SampleBatch batch) => throw new NotImplementedException();
}
