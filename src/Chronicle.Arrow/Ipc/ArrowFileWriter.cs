using Chronicle.Arrow.Ipc;

namespace Chronicle.Arrow;

/// <summary>
/// Writes the Arrow IPC file format: the magic <c>"ARROW1\0\0"</c>, the same messages as the
/// streaming format (see <see cref="ArrowStreamWriter"/>) and the end-of-stream marker, then the
/// Footer (schema and the offsets of every dictionary and record batch message), its int32 length
/// and <c>"ARROW1"</c>. The stream need not be seekable: offsets are counted from the first byte
/// written. See docs/arrow.md.
/// </summary>
/// <remarks>
/// Typical use: <c>WriteBatch</c> for each batch, then <c>Finish</c>. A dictionary that extends the
/// one sent before for its column (see <see cref="ArrowDictionaryBuilder"/>) is sent as a delta; the
/// file format cannot replace a dictionary, so a different one is an error. Disposing does not
/// finish the file (it is then unreadable). Not thread-safe.
/// </remarks>
public sealed class ArrowFileWriter : IDisposable, IAsyncDisposable
{
    private readonly IpcWriter _writer;
    private readonly bool _leaveOpen;

    /// <summary>Creates a writer; nothing is written until the first call.</summary>
    /// <param name="stream">A writable stream (need not be seekable).</param>
    /// <param name="schema">The schema of every batch.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    public ArrowFileWriter(Stream stream, ArrowSchema schema, bool leaveOpen = false)
    {
        _writer = new IpcWriter(stream, schema, fileFormat: true);
        _leaveOpen = leaveOpen;
    }

    /// <summary>The schema being written.</summary>
    public ArrowSchema Schema => _writer.Schema;

    /// <summary>Writes the Schema message if it has not been written yet (the first batch does so too).</summary>
    /// <exception cref="InvalidOperationException">The writer has been finished.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public void WriteSchema() => _writer.WriteSchema(false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="WriteSchema"/>
    public Task WriteSchemaAsync(CancellationToken cancellationToken = default) => _writer.WriteSchema(true, cancellationToken).AsTask();

    /// <summary>Writes a record batch, preceded by the dictionaries it needs.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    /// <exception cref="ArgumentException">The batch's schema differs from the writer's.</exception>
    /// <exception cref="InvalidOperationException">
    /// The writer has been finished, or a column's dictionary neither equals nor extends the one
    /// already written for it.
    /// </exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public void WriteBatch(ArrowRecordBatch batch) => _writer.WriteBatch(false, batch, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="WriteBatch"/>
    public Task WriteBatchAsync(ArrowRecordBatch batch, CancellationToken cancellationToken = default) =>
        _writer.WriteBatch(true, batch, cancellationToken).AsTask();

    /// <summary>Writes the end-of-stream marker, the footer and the closing magic (and the schema if nothing was written), and flushes.</summary>
    /// <exception cref="InvalidOperationException">The writer has already been finished.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public void Finish() => _writer.Finish(false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="Finish"/>
    public Task FinishAsync(CancellationToken cancellationToken = default) => _writer.Finish(true, cancellationToken).AsTask();

    /// <summary>Disposes the stream unless the writer was created with leaveOpen; does not finish.</summary>
    public void Dispose()
    {
        if (!_leaveOpen) _writer.Stream.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _leaveOpen ? ValueTask.CompletedTask : _writer.Stream.DisposeAsync();
}
