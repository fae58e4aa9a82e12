using System.Buffers.Binary;
using Chronicle.Arrow.Format;
using Chronicle.Arrow.Internal;

namespace Chronicle.Arrow.Ipc;

/// <summary>
/// The body of one record batch or dictionary batch message: the columns' buffers in Arrow's
/// pre-order ("flattened") order, each followed by zero padding to a multiple of 8 bytes, with the
/// field nodes and buffer descriptors that go into the message header.
/// </summary>
/// <remarks>
/// Buffers per column (Columnar.rst, "Buffer Listing for Each Layout"): fixed-width and Boolean:
/// validity, values; Utf8: validity, offsets, data; dictionary-encoded: validity, indices; Null:
/// none. A validity buffer is written with length 0 when the column has no nulls.
/// </remarks>
internal sealed class BodyLayout
{
    public const int Alignment = 8;

    private readonly List<ReadOnlyMemory<byte>> _buffers = [];

    public List<FieldNodeInfo> Nodes { get; } = [];
    public List<BufferInfo> BufferInfos { get; } = [];
    public IReadOnlyList<ReadOnlyMemory<byte>> Buffers => _buffers;

    /// <summary>Total body length in bytes, padding included.</summary>
    public long BodyLength { get; private set; }

    public static long Padded(long length) => (length + Alignment - 1) & ~(long)(Alignment - 1);

    public void AddColumn(ArrowArray column)
    {
        int n = column.Length;
        Nodes.Add(new FieldNodeInfo(n, column.NullCount));
        if (column.Type.Id == ArrowTypeId.Null) return;
        Add(column.NullCount == 0 ? default : column.ValidityMemory.Slice(0, Bitmap.ByteLength(n)));
        if (column.IsDictionaryEncoded)
        {
            Add(column.ValuesMemory.Slice(0, n * 4));
        }
        else if (column.Type.Id == ArrowTypeId.Utf8)
        {
            var offsets = column.ValuesMemory.Slice(0, (n + 1) * 4);
            Add(offsets);
            int end = BinaryPrimitives.ReadInt32LittleEndian(offsets.Span.Slice(n * 4));
            Add(column.DataMemory.Slice(0, end));
        }
        else if (column.Type.Id == ArrowTypeId.Boolean)
        {
            Add(column.ValuesMemory.Slice(0, Bitmap.ByteLength(n)));
        }
        else
        {
            Add(column.ValuesMemory.Slice(0, checked(n * column.Type.ByteWidth)));
        }
    }

    private void Add(ReadOnlyMemory<byte> buffer)
    {
        _buffers.Add(buffer);
        BufferInfos.Add(new BufferInfo(BodyLength, buffer.Length));
        BodyLength += Padded(buffer.Length);
    }
}
