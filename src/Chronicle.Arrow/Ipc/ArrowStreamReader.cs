using System.Runtime.CompilerServices;
using Chronicle.Arrow.Format;
using Chronicle.Arrow.Ipc;

namespace Chronicle.Arrow;

/// <summary>
/// Reads the Arrow IPC streaming format: the schema, then record batches one at a time, applying
/// DictionaryBatch messages (replacements and deltas) as they come. Columns share memory with the
/// message body they were read from. See docs/arrow.md for the supported subset.
/// </summary>
/// <remarks>
/// Every length and offset is checked before use; malformed, truncated or unsupported input raises
/// <see cref="InvalidDataException"/> with a message that says what is wrong and where. Not
/// thread-safe.
/// </remarks>
public sealed class ArrowStreamReader : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly StreamMessageReader _messages;
    private readonly DictionaryMemo _dictionaries = new();
    private ArrowSchema? _schema;
    private bool _ended;

    /// <summary>Creates a reader; nothing is read until the schema or a batch is asked for.</summary>
    /// <param name="stream">A readable stream positioned at the start of an Arrow stream.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    public ArrowStreamReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        _messages = new StreamMessageReader(stream);
    }

    /// <summary>The stream's schema (read from the stream on first use).</summary>
    /// <exception cref="InvalidDataException">The stream does not start with a valid, supported Schema message.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public ArrowSchema Schema => _schema ?? ReadSchema(false, default).GetAwaiter().GetResult();

    /// <summary>Reads the schema if needed and returns it.</summary>
    /// <inheritdoc cref="Schema" path="/exception"/>
    public ValueTask<ArrowSchema> ReadSchemaAsync(CancellationToken cancellationToken = default) =>
        _schema is { } schema ? ValueTask.FromResult(schema) : ReadSchema(true, cancellationToken);

    /// <summary>Reads the next record batch, or returns null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream is malformed, truncated or uses unsupported features.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public ArrowRecordBatch? ReadNextBatch() => ReadNext(false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ReadNextBatch"/>
    public ValueTask<ArrowRecordBatch?> ReadNextBatchAsync(CancellationToken cancellationToken = default) => ReadNext(true, cancellationToken);

    /// <summary>Reads the remaining batches lazily.</summary>
    /// <inheritdoc cref="ReadNextBatch" path="/exception"/>
    public IEnumerable<ArrowRecordBatch> ReadAllBatches()
    {
        while (ReadNextBatch() is { } batch) yield return batch;
    }

    /// <summary>Reads the remaining batches lazily and asynchronously.</summary>
    /// <inheritdoc cref="ReadNextBatch" path="/exception"/>
    public async IAsyncEnumerable<ArrowRecordBatch> ReadAllBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadNextBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch) yield return batch;
    }

    private async ValueTask<ArrowSchema> ReadSchema(bool async, CancellationToken cancellationToken)
    {
        if (_schema is not null) return _schema;
        var message = await _messages.Read(async, cancellationToken).ConfigureAwait(false)
            ?? throw MetadataReader.Invalid("the stream is empty or ends before its schema");
        if (message.Info.HeaderType != MessageHeaderTag.Schema)
            throw MetadataReader.Invalid("the stream does not start with a Schema message");
        _schema = MetadataReader.ReadSchema(message.Info.Header);
        return _schema;
    }

    private async ValueTask<ArrowRecordBatch?> ReadNext(bool async, CancellationToken cancellationToken)
    {
        var schema = await ReadSchema(async, cancellationToken).ConfigureAwait(false);
        while (!_ended)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await _messages.Read(async, cancellationToken).ConfigureAwait(false);
            if (read is not { } message)
            {
                _ended = true;
                break;
            }
            switch (message.Info.HeaderType)
            {
                case MessageHeaderTag.DictionaryBatch:
                    _dictionaries.Apply(schema, MetadataReader.ReadDictionaryBatch(message.Info.Header), message.Body);
                    break;
                case MessageHeaderTag.RecordBatch:
                    return RecordBatchDecoder.Decode(schema, MetadataReader.ReadRecordBatch(message.Info.Header), message.Body, _dictionaries.Current);
                default:
                    throw MetadataReader.Invalid("a second Schema message appears inside the stream");
            }
        }
        return null;
    }

    /// <summary>Disposes the stream unless the reader was created with leaveOpen.</summary>
    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _leaveOpen ? ValueTask.CompletedTask : _stream.DisposeAsync();
}
