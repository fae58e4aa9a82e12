using System.Data;
using Chronicle.Data.Arrow;

namespace Chronicle.Data;

// Arrow export of a command's result (docs/arrow.md, "Exporting query results").
public sealed partial class ChronicleCommand
{
    /// <summary>
    /// Runs the command and writes the rows of its first query to <paramref name="destination"/> as
    /// Apache Arrow record batches, one per column batch of the engine (a few thousand rows), copied
    /// buffer by buffer: TIMESTAMP as Timestamp(ns, "UTC"), DOUBLE as Float64, BIGINT as Int64,
    /// BOOLEAN as Boolean, VARCHAR as Utf8, tag columns as dictionary-encoded Utf8 with Int32
    /// indices, NULLs as validity bitmaps. Statements before the query run first; those after it run
    /// when the export ends. An empty result writes the schema and no batch.
    /// </summary>
    /// <param name="destination">Where to write (left open; need not be seekable, also for <see cref="ArrowFormat.File"/>).</param>
    /// <param name="format">The IPC streaming format or the file format.</param>
    /// <param name="cancellationToken">Checked between batches; <see cref="Cancel"/> and <see cref="CommandTimeout"/> apply too.</param>
    /// <returns>The rows written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No open connection, no text, a reader is open, or the command has no query.</exception>
    /// <exception cref="ChronicleException">Bad SQL, a storage error, a timeout or Cancel().</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">Writing to <paramref name="destination"/> failed.</exception>
    public Task<long> ExecuteArrowAsync(Stream destination, ArrowFormat format = ArrowFormat.Stream, CancellationToken cancellationToken = default) =>
        ExecuteArrowCoreAsync(destination, format, async: true, cancellationToken).AsTask();

    /// <summary>Synchronous <see cref="ExecuteArrowAsync"/>.</summary>
    /// <inheritdoc cref="ExecuteArrowAsync" path="/param"/>
    /// <inheritdoc cref="ExecuteArrowAsync" path="/returns"/>
    /// <inheritdoc cref="ExecuteArrowAsync" path="/exception"/>
    public long ExecuteArrow(Stream destination, ArrowFormat format = ArrowFormat.Stream) =>
        ExecuteArrowCoreAsync(destination, format, async: false, default).GetAwaiter().GetResult();

    /// <summary>
    /// Runs the command when first enumerated and yields the rows of its first query as Arrow record
    /// batches (the same columns and types as <see cref="ExecuteArrowAsync"/>), for in-process
    /// consumers. The schema is available from <see cref="ChronicleArrowBatches.GetSchemaAsync"/> even
    /// when there are no rows. A yielded batch stays valid after the next one is read. The batches
    /// can be enumerated once; enumerating to the end or disposing the enumerator closes the execution.
    /// </summary>
    /// <param name="cancellationToken">Cancels the execution; checked between batches (as is the enumerator's token).</param>
    /// <exception cref="InvalidOperationException">On first use: no open connection, no text, a reader is open, or the command has no query.</exception>
    public ChronicleArrowBatches ExecuteArrowBatchesAsync(CancellationToken cancellationToken = default) => new(this, cancellationToken);

    private async ValueTask<long> ExecuteArrowCoreAsync(Stream destination, ArrowFormat format, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var reader = await ExecuteReaderForArrowAsync(async, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ArrowExport.WriteAsync(destination, format, reader.ResultColumns, reader.ReadBatchCoreAsync, async, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await reader.CloseCoreAsync(async).ConfigureAwait(false);
        }
    }

    /// <summary>Executes the command and positions a reader on its first query.</summary>
    /// <exception cref="InvalidOperationException">The command has no query.</exception>
    internal async ValueTask<ChronicleDataReader> ExecuteReaderForArrowAsync(bool async, CancellationToken cancellationToken)
    {
        var reader = await ExecuteReaderCoreAsync(CommandBehavior.Default, async, cancellationToken).ConfigureAwait(false);
        if (reader.HasQuery) return reader;
        await reader.CloseCoreAsync(async).ConfigureAwait(false);
        throw new InvalidOperationException("The command returns no rows to export: its text must contain a query (SELECT, SHOW, DESCRIBE or EXPLAIN).");
    }
}
