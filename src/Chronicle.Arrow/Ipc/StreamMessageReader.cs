using System.Buffers.Binary;
using Chronicle.Arrow.Format;

namespace Chronicle.Arrow.Ipc;

/// <summary>One framed message: decoded header and the body bytes.</summary>
internal readonly record struct IpcMessage(MessageInfo Info, ReadOnlyMemory<byte> Body);

/// <summary>
/// Reads encapsulated messages one after another from a stream: the 0xFFFFFFFF continuation marker
/// (or, from writers before Arrow 0.15, none), the int32 metadata size, the Message flatbuffer and the
/// body. A zero size (the end-of-stream marker) or a clean end of the stream ends the messages.
/// </summary>
internal sealed class StreamMessageReader(Stream stream)
{
    /// <summary>Metadata larger than this is treated as corrupt (a schema of many thousands of fields is far smaller).</summary>
    private const int MaxMetadataLength = 256 << 20;

    private long _position;

    public async ValueTask<IpcMessage?> Read(bool async, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        int got = await ReadAtMost(async, head, cancellationToken).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < 4) throw Truncated("a message length prefix");
        int length = BinaryPrimitives.ReadInt32LittleEndian(head);
        if (length == -1)
        {
            got = await ReadAtMost(async, head, cancellationToken).ConfigureAwait(false);
            if (got < 4) throw Truncated("a message length prefix");
            length = BinaryPrimitives.ReadInt32LittleEndian(head);
        }
        if (length == 0) return null;
        if (length < 0 || length > MaxMetadataLength)
            throw MetadataReader.Invalid($"message metadata length {length} at byte {_position - 4} is out of range");
        var metadata = await ReadBlock(async, length, "message metadata", cancellationToken).ConfigureAwait(false);
        var info = MetadataReader.ReadMessage(metadata);
        if (info.BodyLength > Array.MaxLength) throw MetadataReader.Unsupported($"a message body of {info.BodyLength} bytes");
        var body = await ReadBlock(async, (int)info.BodyLength, "message body", cancellationToken).ConfigureAwait(false);
        return new IpcMessage(info, body);
    }

    private async ValueTask<byte[]> ReadBlock(bool async, int length, string what, CancellationToken cancellationToken)
    {
        if (stream.CanSeek && length > stream.Length - stream.Position)
            throw Truncated($"{what} of {length} bytes (only {Math.Max(0, stream.Length - stream.Position)} remain)");
        // Without a known length, grow the buffer as bytes arrive so a corrupt length cannot make us
        // allocate gigabytes up front.
        var buffer = new byte[Math.Min(length, 1 << 20)];
        int filled = 0;
        while (true)
        {
            int got = await ReadAtMost(async, buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            filled += got;
            if (filled == length) return buffer;
            if (got == 0 || filled < buffer.Length) throw Truncated($"{what} of {length} bytes (got {filled})");
            Array.Resize(ref buffer, (int)Math.Min(length, (long)buffer.Length * 2));
        }
    }

    private async ValueTask<int> ReadAtMost(bool async, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int got = async
                ? await stream.ReadAsync(buffer.Slice(total), cancellationToken).ConfigureAwait(false)
                : stream.Read(buffer.Span.Slice(total));
            if (got == 0) break;
            total += got;
        }
        _position += total;
        return total;
    }

    private InvalidDataException Truncated(string what) =>
        new($"Truncated Arrow stream: it ends at byte {_position} inside {what}.");
}
