using System.Buffers.Binary;
using System.Text;

namespace Chronicle.Arrow.FlatBuffers;

/// <summary>
/// A bounds-checked view of one FlatBuffers table. Every read validates the vtable, the field's
/// position inside the table and any offset it follows against the buffer, so corrupt metadata
/// yields <see cref="InvalidDataException"/> and never an out-of-range access.
/// </summary>
/// <remarks>See <see cref="FlatBufferBuilder"/> for the layout being read.</remarks>
internal readonly struct FlatBufferTable
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableSize;
    private readonly int _tableSize;
    private readonly string _what;

    private FlatBufferTable(ReadOnlyMemory<byte> buffer, int position, string what)
    {
        _buffer = buffer;
        _position = position;
        _what = what;
        var span = buffer.Span;
        if (position < 0 || (long)position + 4 > span.Length)
            throw Bad(what, $"table at {position} lies outside the {span.Length}-byte buffer");
        long vtable = (long)position - BinaryPrimitives.ReadInt32LittleEndian(span.Slice(position));
        if (vtable < 0 || vtable + 4 > span.Length)
            throw Bad(what, $"vtable at {vtable} lies outside the {span.Length}-byte buffer");
        _vtable = (int)vtable;
        _vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(_vtable));
        _tableSize = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(_vtable + 2));
        if (_vtableSize < 4 || (_vtableSize & 1) != 0 || (long)_vtable + _vtableSize > span.Length)
            throw Bad(what, $"vtable size {_vtableSize} is invalid");
        if (_tableSize < 4 || (long)position + _tableSize > span.Length)
            throw Bad(what, $"table size {_tableSize} runs past the end of the buffer");
    }

    /// <summary>Opens the root table of a finished buffer.</summary>
    /// <exception cref="InvalidDataException">The buffer is too short or its root offset is invalid.</exception>
    public static FlatBufferTable GetRoot(ReadOnlyMemory<byte> buffer, string what)
    {
        if (buffer.Length < 8) throw Bad(what, $"{buffer.Length} bytes is too short for a FlatBuffers table");
        uint root = BinaryPrimitives.ReadUInt32LittleEndian(buffer.Span);
        if (root > (uint)buffer.Length - 4) throw Bad(what, $"root offset {root} lies outside the {buffer.Length}-byte buffer");
        return new FlatBufferTable(buffer, (int)root, what);
    }

    internal static InvalidDataException Bad(string what, string detail) =>
        new($"Malformed Arrow metadata ({what}): {detail}.");

    /// <summary>The absolute position of a field's inline value, or -1 when the field is absent.</summary>
    private int FieldPosition(int slot, int size)
    {
        int entry = 4 + 2 * slot;
        if (entry + 2 > _vtableSize) return -1;
        int fieldOffset = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span.Slice(_vtable + entry));
        if (fieldOffset == 0) return -1;
        if (fieldOffset < 4 || fieldOffset + size > _tableSize)
            throw Bad(_what, $"field {slot} at offset {fieldOffset} (+{size} bytes) lies outside the {_tableSize}-byte table");
        return _position + fieldOffset;
    }

    /// <summary>Whether the field in <paramref name="slot"/> is present.</summary>
    public bool Has(int slot) => FieldPosition(slot, 1) >= 0;

    /// <summary>Reads a bool field.</summary>
    public bool GetBool(int slot, bool defaultValue)
    {
        int p = FieldPosition(slot, 1);
        return p < 0 ? defaultValue : _buffer.Span[p] != 0;
    }

    /// <summary>Reads a ubyte field.</summary>
    public byte GetByte(int slot, byte defaultValue)
    {
        int p = FieldPosition(slot, 1);
        return p < 0 ? defaultValue : _buffer.Span[p];
    }

    /// <summary>Reads an int16 field.</summary>
    public short GetInt16(int slot, short defaultValue)
    {
        int p = FieldPosition(slot, 2);
        return p < 0 ? defaultValue : BinaryPrimitives.ReadInt16LittleEndian(_buffer.Span.Slice(p));
    }

    /// <summary>Reads an int32 field.</summary>
    public int GetInt32(int slot, int defaultValue)
    {
        int p = FieldPosition(slot, 4);
        return p < 0 ? defaultValue : BinaryPrimitives.ReadInt32LittleEndian(_buffer.Span.Slice(p));
    }

    /// <summary>Reads an int64 field.</summary>
    public long GetInt64(int slot, long defaultValue)
    {
        int p = FieldPosition(slot, 8);
        return p < 0 ? defaultValue : BinaryPrimitives.ReadInt64LittleEndian(_buffer.Span.Slice(p));
    }

    /// <summary>Follows the uoffset stored at absolute position <paramref name="at"/>.</summary>
    private int Follow(int at, int minimumSize)
    {
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Span.Slice(at));
        long target = (long)at + offset;
        if (target + minimumSize > _buffer.Length)
            throw Bad(_what, $"offset at {at} points to {target}, outside the {_buffer.Length}-byte buffer");
        return (int)target;
    }

    /// <summary>Reads a sub-table field, or null when absent.</summary>
    public FlatBufferTable? GetTable(int slot, string what)
    {
        int p = FieldPosition(slot, 4);
        if (p < 0) return null;
        return new FlatBufferTable(_buffer, Follow(p, 4), what);
    }

    /// <summary>Reads a string field (UTF-8), or null when absent.</summary>
    public string? GetString(int slot)
    {
        int p = FieldPosition(slot, 4);
        if (p < 0) return null;
        var (start, length) = Vector(Follow(p, 4), 1);
        try
        {
            return StrictUtf8.GetString(_buffer.Span.Slice(start, length));
        }
        catch (DecoderFallbackException)
        {
            throw Bad(_what, $"string field {slot} is not valid UTF-8");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private (int Start, int Count) Vector(int at, int elementSize)
    {
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Span.Slice(at));
        long end = (long)at + 4 + (long)count * elementSize;
        if (end > _buffer.Length)
            throw Bad(_what, $"vector of {count} x {elementSize}-byte elements at {at} runs past the {_buffer.Length}-byte buffer");
        return (at + 4, (int)count);
    }

    /// <summary>Number of elements of a vector field (0 when absent).</summary>
    public int GetVectorLength(int slot, int elementSize)
    {
        int p = FieldPosition(slot, 4);
        return p < 0 ? 0 : Vector(Follow(p, 4), elementSize).Count;
    }

    /// <summary>Reads a vector of tables; an absent field gives an empty array.</summary>
    public FlatBufferTable[] GetTableVector(int slot, string what)
    {
        int p = FieldPosition(slot, 4);
        if (p < 0) return [];
        var (start, count) = Vector(Follow(p, 4), 4);
        var tables = new FlatBufferTable[count];
        for (int i = 0; i < count; i++)
            tables[i] = new FlatBufferTable(_buffer, Follow(start + 4 * i, 4), what);
        return tables;
    }

    /// <summary>
    /// Reads a vector of structs of <paramref name="structSize"/> bytes; the span holds the raw
    /// little-endian struct bytes, bounds-checked. An absent field gives an empty span.
    /// </summary>
    public ReadOnlySpan<byte> GetStructVector(int slot, int structSize, out int count)
    {
        int p = FieldPosition(slot, 4);
        if (p < 0) { count = 0; return default; }
        var (start, n) = Vector(Follow(p, 4), structSize);
        count = n;
        return _buffer.Span.Slice(start, n * structSize);
    }
}
