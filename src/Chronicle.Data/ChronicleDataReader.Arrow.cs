using Chronicle.Sql.Execution;

namespace Chronicle.Data;

// Batch-level access for the Arrow export (ChronicleCommand.Arrow.cs): the export reads whole
// column batches instead of rows, through the same fetch, cancellation and error translation.
public sealed partial class ChronicleDataReader
{
    /// <summary>Whether the reader is positioned on a query's result.</summary>
    internal bool HasQuery => _query is not null;

    /// <summary>The current result's columns.</summary>
    internal IReadOnlyList<ResultColumn> ResultColumns => _columns;

    /// <summary>
    /// The next non-empty batch of the current result, consumed whole (the row cursor moves past it),
    /// or null at the end. Checks cancellation first, like <see cref="Read"/>.
    /// </summary>
    /// <exception cref="ChronicleException">A storage error, a timeout or Cancel().</exception>
    internal async ValueTask<ColumnBatch?> ReadBatchCoreAsync(bool async)
    {
        if (_closed) throw Internal.Errors.ReaderClosed(nameof(ReadBatchCoreAsync));
        if (_query is null) return null;
        if (!await FetchAsync(async).ConfigureAwait(false)) return null;
        var batch = _batch!;
        _row = batch.RowCount - 1;
        _rowsRead += batch.RowCount;
        return batch;
    }
}
