using System.Buffers.Binary;
using Chronicle.Arrow.Format;

namespace Chronicle.Arrow.Ipc;

/// <summary>
/// The work behind <see cref="ArrowStreamWriter"/> and <see cref="ArrowFileWriter"/>: frames
/// messages, writes bodies straight from the columns' memory, tracks dictionaries and, for the file
/// format, the blocks for the footer. Sync and async share one code path (<c>bool async</c>).
/// </summary>
/// <remarks>
/// Encapsulated message (Columnar.rst, "Encapsulated message format"):
/// <code>
/// 0xFFFFFFFF | int32 metadata size m | Message flatbuffer, zero-padded to m bytes | body
/// </code>
/// where 8 + m is a multiple of 8 so the body starts aligned. The stream ends with 0xFFFFFFFF 0x00000000.
/// A file is <c>"ARROW1\0\0"</c>, the stream, the Footer flatbuffer, int32 footer size, <c>"ARROW1"</c>.
/// </remarks>
internal sealed class IpcWriter
{
    public static ReadOnlySpan<byte> FileMagic => "ARROW1"u8;
    private static readonly byte[] Padding = new byte[BodyLayout.Alignment];
    private static readonly byte[] EndOfStream = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];

    private readonly Stream _stream;
    private readonly bool _fileFormat;
    private readonly Dictionary<long, ArrowArray> _sentDictionaries = [];
    private readonly List<BlockInfo> _dictionaryBlocks = [];
    private readonly List<BlockInfo> _batchBlocks = [];
    private long _position;
    private bool _started;
    private bool _finished;

    public IpcWriter(Stream stream, ArrowSchema schema, bool fileFormat)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        if (!stream.CanWrite) throw new ArgumentException("The stream is not writable.", nameof(stream));
        _stream = stream;
        Schema = schema;
        _fileFormat = fileFormat;
    }

    public ArrowSchema Schema { get; }

    public Stream Stream => _stream;

    public bool IsFinished => _finished;

    public async ValueTask WriteSchema(bool async, CancellationToken cancellationToken)
    {
        CheckOpen();
        if (_started) return;
        _started = true;
        if (_fileFormat) await Write(async, "ARROW1\0\0"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await WriteMessage(async, MetadataWriter.SchemaMessage(Schema), null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteBatch(bool async, ArrowRecordBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckOpen();
        CheckSchema(batch.Schema);
        await WriteSchema(async, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        for (int i = 0; i < batch.Columns.Count; i++)
        {
            if (batch.Columns[i].Dictionary is { } dictionary)
                await WriteDictionary(async, Schema.Fields[i], dictionary, cancellationToken).ConfigureAwait(false);
        }
        var body = new BodyLayout();
        foreach (var column in batch.Columns) body.AddColumn(column);
        var metadata = MetadataWriter.RecordBatchMessage(batch.Length, body.Nodes, body.BufferInfos, body.BodyLength);
        var block = await WriteMessage(async, metadata, body, cancellationToken).ConfigureAwait(false);
        _batchBlocks.Add(block);
    }

    private async ValueTask WriteDictionary(bool async, ArrowField field, ArrowArray dictionary, CancellationToken cancellationToken)
    {
        long id = field.DictionaryId!.Value;
        bool isDelta = false;
        ArrowArray toSend = dictionary;
        if (_sentDictionaries.TryGetValue(id, out var previous))
        {
            // An earlier snapshot of what was sent (e.g. from the same ArrowDictionaryBuilder): every
            // index of the batch already resolves in the reader's dictionary.
            if (DictionaryDelta.Extends(dictionary, previous)) return;
            if (DictionaryDelta.Extends(previous, dictionary))
            {
                if (dictionary.Length == previous.Length)
                {
                    _sentDictionaries[id] = dictionary;
                    return;
                }
                toSend = DictionaryDelta.Tail(dictionary, previous.Length);
                isDelta = true;
            }
            else if (_fileFormat)
            {
                throw new InvalidOperationException(
                    $"The dictionary of column '{field.Name}' changed without extending the one already written; the Arrow file format " +
                    "cannot replace a dictionary. Use one ArrowDictionaryBuilder for the column across batches, or the stream format.");
            }
        }
        var body = new BodyLayout();
        body.AddColumn(toSend);
        var metadata = MetadataWriter.DictionaryBatchMessage(id, isDelta, toSend.Length, body.Nodes, body.BufferInfos, body.BodyLength);
        var block = await WriteMessage(async, metadata, body, cancellationToken).ConfigureAwait(false);
        _dictionaryBlocks.Add(block);
        _sentDictionaries[id] = dictionary;
    }

    public async ValueTask Finish(bool async, CancellationToken cancellationToken)
    {
        CheckOpen();
        await WriteSchema(async, cancellationToken).ConfigureAwait(false);
        await Write(async, EndOfStream, cancellationToken).ConfigureAwait(false);
        if (_fileFormat)
        {
            var footer = MetadataWriter.Footer(Schema, _dictionaryBlocks, _batchBlocks);
            var trailer = new byte[footer.Length + 4 + FileMagic.Length];
            footer.CopyTo(trailer, 0);
            BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(footer.Length), footer.Length);
            FileMagic.CopyTo(trailer.AsSpan(footer.Length + 4));
            await Write(async, trailer, cancellationToken).ConfigureAwait(false);
        }
        if (async) await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        else _stream.Flush();
        _finished = true;
    }

    private async ValueTask<BlockInfo> WriteMessage(bool async, byte[] metadata, BodyLayout? body, CancellationToken cancellationToken)
    {
        long start = _position;
        int padded = (int)BodyLayout.Padded(8 + metadata.Length);
        var prefix = new byte[padded];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, 0xFFFFFFFF);
        BinaryPrimitives.WriteInt32LittleEndian(prefix.AsSpan(4), padded - 8);
        metadata.CopyTo(prefix, 8);
        await Write(async, prefix, cancellationToken).ConfigureAwait(false);
        if (body is not null)
        {
            foreach (var buffer in body.Buffers)
            {
                await Write(async, buffer, cancellationToken).ConfigureAwait(false);
                int pad = (int)(BodyLayout.Padded(buffer.Length) - buffer.Length);
                if (pad != 0) await Write(async, Padding.AsMemory(0, pad), cancellationToken).ConfigureAwait(false);
            }
        }
        return new BlockInfo(start, padded, body?.BodyLength ?? 0);
    }

    private async ValueTask Write(bool async, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty) return;
        if (async) await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        else _stream.Write(data.Span);
        _position += data.Length;
    }

    private void CheckOpen()
    {
        if (_finished) throw new InvalidOperationException("The writer has been finished; nothing more can be written.");
    }

    private void CheckSchema(ArrowSchema schema)
    {
        if (ReferenceEquals(schema, Schema)) return;
        bool same = schema.Fields.Count == Schema.Fields.Count;
        for (int i = 0; same && i < schema.Fields.Count; i++)
        {
            var a = schema.Fields[i];
            var b = Schema.Fields[i];
            same = a.Name == b.Name && a.Type.Equals(b.Type) && a.IsNullable == b.IsNullable && a.DictionaryId == b.DictionaryId;
        }
        if (!same) throw new ArgumentException($"The batch's schema {schema} differs from the writer's {Schema}.", "batch");
    }
}
