namespace Chronicle.Arrow.Ipc;

/// <summary>Random access to the bytes of an Arrow file: an array in memory or a seekable stream.</summary>
internal abstract class FileSource
{
    public abstract long Length { get; }

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/>; the range was checked against <see cref="Length"/>.</summary>
    public abstract ValueTask<ReadOnlyMemory<byte>> Read(bool async, long offset, int length, CancellationToken cancellationToken);

    public static FileSource Of(ReadOnlyMemory<byte> bytes) => new MemorySource(bytes);

    public static FileSource Of(Stream stream) => new StreamSource(stream);

    private sealed class MemorySource(ReadOnlyMemory<byte> bytes) : FileSource
    {
        public override long Length => bytes.Length;

        public override ValueTask<ReadOnlyMemory<byte>> Read(bool async, long offset, int length, CancellationToken cancellationToken) =>
            ValueTask.FromResult(bytes.Slice((int)offset, length));
    }

    private sealed class StreamSource(Stream stream) : FileSource
    {
        private readonly long _start = stream.Position;

        public override long Length => stream.Length - _start;

        public override async ValueTask<ReadOnlyMemory<byte>> Read(bool async, long offset, int length, CancellationToken cancellationToken)
        {
            var buffer = new byte[length];
            stream.Position = _start + offset;
            try
            {
                if (async) await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
                else stream.ReadExactly(buffer);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"Truncated Arrow file: the stream ended inside bytes {offset}..{offset + length}.", e);
            }
            return buffer;
        }
    }
}
