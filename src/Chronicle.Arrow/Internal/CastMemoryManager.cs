using System.Buffers;
using System.Runtime.InteropServices;

namespace Chronicle.Arrow.Internal;

/// <summary>
/// Presents a <see cref="ReadOnlyMemory{T}"/> of an unmanaged type as memory of bytes without
/// copying, so typed arrays handed to <see cref="ArrowArray"/> are written to the stream as they are.
/// </summary>
internal sealed class CastMemoryManager<T> : MemoryManager<byte> where T : unmanaged
{
    private readonly Memory<T> _source;

    private CastMemoryManager(ReadOnlyMemory<T> source) => _source = MemoryMarshal.AsMemory(source);

    /// <summary>The bytes of <paramref name="source"/>, little-endian as in memory.</summary>
    public static ReadOnlyMemory<byte> AsBytes(ReadOnlyMemory<T> source)
    {
        if (source.IsEmpty) return ReadOnlyMemory<byte>.Empty;
        if (typeof(T) == typeof(byte)) return (ReadOnlyMemory<byte>)(object)source;
        return new CastMemoryManager<T>(source).Memory;
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(_source.Span);

    /// <inheritdoc />
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        var inner = _source.Pin();
        return new MemoryHandle((byte*)inner.Pointer + elementIndex, default, new Unpinner(inner));
    }

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Unpinner(MemoryHandle inner) : IPinnable
    {
        private MemoryHandle _inner = inner;

        public MemoryHandle Pin(int elementIndex) => throw new NotSupportedException();

        public void Unpin() => _inner.Dispose();
    }
}
