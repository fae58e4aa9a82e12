using Chronicle.Arrow;

namespace Chronicle.Data.Arrow;

/// <summary>
/// Reads the record batches of an Arrow IPC file or stream on disk, telling the two apart by the
/// file format's leading <c>ARROW1</c> magic. Malformed or truncated input surfaces as
/// <see cref="InvalidDataException"/> from the Chronicle.Arrow readers.
/// </summary>
internal sealed class ArrowInput : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly ArrowFileReader? _file;
    private readonly ArrowStreamReader? _streamReader;
    private int _next;

    private ArrowInput(FileStream stream, ArrowFileReader? file, ArrowStreamReader? streamReader, ArrowSchema schema)
    {
        _stream = stream;
        _file = file;
        _streamReader = streamReader;
        Schema = schema;
    }

    /// <summary>The schema of the file or stream.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>Opens <paramref name="path"/> and reads its schema (for a file, also its footer).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an Arrow IPC file or stream, or a damaged one.</exception>
    public static async ValueTask<ArrowInput> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        try
        {
            var magic = new byte[6];
            int read = await stream.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            if (read == 6 && magic.AsSpan().SequenceEqual("ARROW1"u8))
            {
                var file = new ArrowFileReader(stream, leaveOpen: true);
                return new ArrowInput(stream, file, null, file.Schema);
            }
            var reader = new ArrowStreamReader(stream, leaveOpen: true);
            var schema = await reader.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            return new ArrowInput(stream, null, reader, schema);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The next record batch, or null at the end.</summary>
    /// <exception cref="InvalidDataException">The batch is damaged or cut short.</exception>
    public async ValueTask<ArrowRecordBatch?> NextAsync(CancellationToken cancellationToken)
    {
        if (_file is not null)
            return _next < _file.RecordBatchCount ? await _file.ReadRecordBatchAsync(_next++, cancellationToken).ConfigureAwait(false) : null;
        return await _streamReader!.ReadNextBatchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _file?.Dispose();
        _streamReader?.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
