using System.Buffers.Binary;
using Chronicle.Arrow.Format;
using Chronicle.Arrow.Ipc;

namespace Chronicle.Arrow;

/// <summary>
/// Reads the Arrow IPC file format: checks the leading and trailing <c>ARROW1</c> magic, reads the
/// Footer (schema and message blocks) and then any record batch by index. Dictionaries (with their
/// deltas, in footer order) are loaded before the first batch. See docs/arrow.md.
/// </summary>
/// <remarks>
/// Every block and buffer is checked against the file's bounds before use; malformed, truncated or
/// unsupported input raises <see cref="InvalidDataException"/>. Reading from a byte array copies
/// nothing: columns share the array. Not thread-safe.
/// </remarks>
public sealed class ArrowFileReader : IDisposable
{
    private const int MagicLength = 6;
    private const int LeadingLength = 8;                  // "ARROW1" + 2 bytes padding
    private const int TrailerLength = 4 + MagicLength;    // int32 footer size + "ARROW1"

    private readonly FileSource _source;
    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private readonly FooterInfo _footer;
    private readonly long _footerStart;
    private DictionaryMemo? _dictionaries;

    /// <summary>Opens a file held in memory (the array is not copied and must not change).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid, supported Arrow file.</exception>
    public ArrowFileReader(byte[] data) : this(FileSource.Of(data ?? throw new ArgumentNullException(nameof(data))), null, true)
    {
    }

    /// <summary>Opens a file from a seekable stream, from its current position; batches are read on demand.</summary>
    /// <param name="stream">A readable, seekable stream.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable and seekable.</exception>
    /// <exception cref="InvalidDataException">The stream does not hold a valid, supported Arrow file.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public ArrowFileReader(Stream stream, bool leaveOpen = false)
        : this(FileSource.Of(CheckStream(stream)), stream, leaveOpen)
    {
    }

    private ArrowFileReader(FileSource source, Stream? stream, bool leaveOpen)
    {
        _source = source;
        _stream = stream;
        _leaveOpen = leaveOpen;
        long length = source.Length;
        if (length < LeadingLength + TrailerLength)
            throw Invalid($"{length} bytes is too short for an Arrow file (the magic and footer alone take {LeadingLength + TrailerLength})");
        var head = Read(0, MagicLength);
        if (!head.Span.SequenceEqual(IpcWriter.FileMagic))
            throw Invalid("it does not start with the magic \"ARROW1\" (is it an Arrow stream? use ArrowStreamReader)");
        var trailer = Read(length - TrailerLength, TrailerLength).Span;
        if (!trailer.Slice(4).SequenceEqual(IpcWriter.FileMagic))
            throw Invalid("it does not end with the magic \"ARROW1\" (truncated?)");
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(trailer);
        long footerLimit = length - TrailerLength - LeadingLength;
        if (footerLength <= 0 || footerLength > footerLimit)
            throw Invalid($"footer length {footerLength} does not fit in the {length}-byte file");
        _footerStart = length - TrailerLength - footerLength;
        _footer = MetadataReader.ReadFooter(Read(_footerStart, footerLength));
    }

    private static Stream CheckStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
            throw new ArgumentException("An Arrow file needs a readable, seekable stream; use ArrowStreamReader for streams.", nameof(stream));
        return stream;
    }

    /// <summary>The file's schema (from the footer).</summary>
    public ArrowSchema Schema => _footer.Schema;

    /// <summary>Number of record batches in the file.</summary>
    public int RecordBatchCount => _footer.RecordBatches.Length;

    /// <summary>Reads record batch <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, RecordBatchCount).</exception>
    /// <exception cref="InvalidDataException">The batch, or a dictionary, is malformed or unsupported.</exception>
    /// <exception cref="IOException">The stream failed.</exception>
    public ArrowRecordBatch ReadRecordBatch(int index) => ReadBatch(false, index, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ReadRecordBatch"/>
    public ValueTask<ArrowRecordBatch> ReadRecordBatchAsync(int index, CancellationToken cancellationToken = default) =>
        ReadBatch(true, index, cancellationToken);

    /// <summary>Reads every record batch in order, lazily.</summary>
    /// <exception cref="InvalidDataException">A batch or dictionary is malformed or unsupported.</exception>
    public IEnumerable<ArrowRecordBatch> ReadAllBatches()
    {
        for (int i = 0; i < RecordBatchCount; i++) yield return ReadRecordBatch(i);
    }

    private async ValueTask<ArrowRecordBatch> ReadBatch(bool async, int index, CancellationToken cancellationToken)
    {
        if ((uint)index >= (uint)RecordBatchCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The file has {RecordBatchCount} record batches.");
        var dictionaries = _dictionaries ?? await LoadDictionaries(async, cancellationToken).ConfigureAwait(false);
        var message = await ReadBlock(async, _footer.RecordBatches[index], $"record batch {index}", cancellationToken).ConfigureAwait(false);
        if (message.Info.HeaderType != MessageHeaderTag.RecordBatch)
            throw Invalid($"the block of record batch {index} holds a message of another kind");
        return RecordBatchDecoder.Decode(Schema, MetadataReader.ReadRecordBatch(message.Info.Header), message.Body, dictionaries.Current);
    }

    private async ValueTask<DictionaryMemo> LoadDictionaries(bool async, CancellationToken cancellationToken)
    {
        var memo = new DictionaryMemo();
        for (int i = 0; i < _footer.Dictionaries.Length; i++)
        {
            var message = await ReadBlock(async, _footer.Dictionaries[i], $"dictionary {i}", cancellationToken).ConfigureAwait(false);
            if (message.Info.HeaderType != MessageHeaderTag.DictionaryBatch)
                throw Invalid($"the block of dictionary {i} holds a message of another kind");
            memo.Apply(Schema, MetadataReader.ReadDictionaryBatch(message.Info.Header), message.Body);
        }
        foreach (var field in Schema.Fields)
            if (field.DictionaryId is { } id && !memo.Current.ContainsKey(id))
                throw Invalid($"no dictionary for column '{field.Name}' (id {id})");
        _dictionaries = memo;
        return memo;
    }

    private async ValueTask<IpcMessage> ReadBlock(bool async, BlockInfo block, string what, CancellationToken cancellationToken)
    {
        long limit = _footerStart;
        if (block.Offset < LeadingLength || block.Offset > limit || block.MetadataLength < 8 || block.MetadataLength > limit - block.Offset ||
            block.BodyLength < 0 || block.BodyLength > limit - block.Offset - block.MetadataLength)
            throw Invalid($"the block of {what} (offset {block.Offset}, metadata {block.MetadataLength}, body {block.BodyLength} bytes) lies outside the file's data");
        if (block.BodyLength > Array.MaxLength) throw MetadataReader.Unsupported($"a message body of {block.BodyLength} bytes");
        var prefixed = await _source.Read(async, block.Offset, block.MetadataLength, cancellationToken).ConfigureAwait(false);
        int start = 4;
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefixed.Span);
        if (length == -1)
        {
            start = 8;
            length = BinaryPrimitives.ReadInt32LittleEndian(prefixed.Span.Slice(4));
        }
        if (length <= 0 || length > block.MetadataLength - start)
            throw Invalid($"the metadata length {length} of {what} does not fit its {block.MetadataLength}-byte block");
        var info = MetadataReader.ReadMessage(prefixed.Slice(start, length));
        if (info.BodyLength != block.BodyLength)
            throw Invalid($"{what} declares a {info.BodyLength}-byte body but its block says {block.BodyLength}");
        var body = await _source.Read(async, block.Offset + block.MetadataLength, (int)block.BodyLength, cancellationToken).ConfigureAwait(false);
        return new IpcMessage(info, body);
    }

    private ReadOnlyMemory<byte> Read(long offset, int length) => _source.Read(false, offset, length, default).GetAwaiter().GetResult();

    private static InvalidDataException Invalid(string detail) => new($"Invalid Arrow file: {detail}.");

    /// <summary>Disposes the stream, if the reader was opened on one without leaveOpen.</summary>
    public void Dispose()
    {
        if (!_leaveOpen) _stream?.Dispose();
    }
}
