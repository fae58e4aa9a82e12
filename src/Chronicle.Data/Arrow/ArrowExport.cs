using Chronicle.Arrow;
using Chronicle.Sql.Execution;

namespace Chronicle.Data.Arrow;

/// <summary>
/// Writes a query result to an Arrow IPC stream or file: the schema first (so an empty result is
/// still a readable stream or file), then one record batch per non-empty column batch, then the
/// end-of-stream marker (and, for a file, the footer). Sync and async share this one code path.
/// </summary>
internal static class ArrowExport
{
    /// <summary>Writes every batch <paramref name="next"/> returns (until null); returns the rows written. Leaves <paramref name="destination"/> open.</summary>
    /// <param name="destination">Where the bytes go; need not be seekable.</param>
    /// <param name="format">Stream or file format.</param>
    /// <param name="columns">The result's columns.</param>
    /// <param name="next">Fetches the next batch (argument: whether to await), null at the end; checks cancellation.</param>
    /// <param name="async">Whether to await the writes.</param>
    /// <param name="cancellationToken">Checked before each batch is written.</param>
    public static async ValueTask<long> WriteAsync(Stream destination, ArrowFormat format, IReadOnlyList<ResultColumn> columns,
        Func<bool, ValueTask<ColumnBatch?>> next, bool async, CancellationToken cancellationToken)
    {
        var converter = new ArrowBatchConverter(columns);
        var writer = new Writer(destination, converter.Schema, format);
        await writer.WriteSchema(async, cancellationToken).ConfigureAwait(false);
        long rows = 0;
        while (await next(async).ConfigureAwait(false) is { } batch)
        {
            if (batch.RowCount == 0) continue;
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteBatch(converter.Convert(batch), async, cancellationToken).ConfigureAwait(false);
            rows += batch.RowCount;
            // the record batch wrapped the batch's arrays and is written: the scan may reuse them
            batch.Lease?.Release();
        }
        await writer.Finish(async, cancellationToken).ConfigureAwait(false);
        if (async) await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        else destination.Flush();
        return rows;
    }

    /// <summary>One face over <see cref="ArrowStreamWriter"/> and <see cref="ArrowFileWriter"/>.</summary>
    private sealed class Writer(Stream destination, ArrowSchema schema, ArrowFormat format)
    {
        private readonly ArrowStreamWriter? _stream = format == ArrowFormat.Stream ? new ArrowStreamWriter(destination, schema, leaveOpen: true) : null;
        private readonly ArrowFileWriter? _file = format == ArrowFormat.File ? new ArrowFileWriter(destination, schema, leaveOpen: true)
            : format == ArrowFormat.Stream ? null : throw new ArgumentOutOfRangeException(nameof(format), format, "ArrowFormat.Stream or ArrowFormat.File");

        public async ValueTask WriteSchema(bool async, CancellationToken cancellationToken)
        {
            if (async) await (_stream is not null ? _stream.WriteSchemaAsync(cancellationToken) : _file!.WriteSchemaAsync(cancellationToken)).ConfigureAwait(false);
            else if (_stream is not null) _stream.WriteSchema();
            else _file!.WriteSchema();
        }

        public async ValueTask WriteBatch(ArrowRecordBatch batch, bool async, CancellationToken cancellationToken)
        {
            if (async) await (_stream is not null ? _stream.WriteBatchAsync(batch, cancellationToken) : _file!.WriteBatchAsync(batch, cancellationToken)).ConfigureAwait(false);
            else if (_stream is not null) _stream.WriteBatch(batch);
            else _file!.WriteBatch(batch);
        }

        public async ValueTask Finish(bool async, CancellationToken cancellationToken)
        {
            if (async) await (_stream is not null ? _stream.FinishAsync(cancellationToken) : _file!.FinishAsync(cancellationToken)).ConfigureAwait(false);
            else if (_stream is not null) _stream.Finish();
            else _file!.Finish();
        }
    }
}
