using System.Buffers.Binary;
using System.Text;

namespace Chronicle.Arrow.FlatBuffers;

/// <summary>
/// A minimal FlatBuffers builder: enough to write Arrow's metadata (tables of scalars, strings,
/// offsets, unions, vectors of tables and vectors of structs).
/// </summary>
/// <remarks>
/// FlatBuffers offsets (uoffset) point forward, so a referenced object must lie after the object that
/// refers to it. Like the reference implementation, the buffer is therefore built back to front:
/// children first, each new object placed in front of what is already there. An "offset" in this
/// class is the distance of an object from the end of the buffer, which does not change while the
/// buffer grows. Layout rules follow the FlatBuffers internals documentation: a table starts with an
/// int32 soffset to its vtable (vtable = table - soffset); a vtable is [uint16 vtable size in bytes,
/// uint16 table size in bytes, uint16 field offset per slot (0 = absent)]; a vector or string is a
/// uint32 element count followed by the elements (a string also by a 0 terminator). All little-endian.
/// </remarks>
internal sealed class FlatBufferBuilder
{
    private byte[] _buffer;
    private int _space;                 // the data occupies _buffer[_space..]
    private int _minAlign = 1;
    private int[] _slots = new int[16]; // offset of each field of the open table, 0 when absent
    private int _slotCount;
    private int _tableStart;
    private bool _inTable;
    private int _vectorCount;

    /// <summary>Creates a builder with an initial capacity in bytes (it grows as needed).</summary>
    public FlatBufferBuilder(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
        _space = _buffer.Length;
    }

    /// <summary>The current offset: bytes written so far, measured from the end of the buffer.</summary>
    public int Offset => _buffer.Length - _space;

    private void EnsureSpace(int bytes)
    {
        if (_space >= bytes) return;
        int used = Offset;
        int size = _buffer.Length;
        while (size - used < bytes) size = checked(size * 2);
        var bigger = new byte[size];
        Buffer.BlockCopy(_buffer, _space, bigger, size - used, used);
        _buffer = bigger;
        _space = size - used;
    }

    /// <summary>
    /// Pads so that, after <paramref name="additionalBytes"/> more bytes are written, the offset is a
    /// multiple of <paramref name="size"/> (a power of two), and reserves room for them.
    /// </summary>
    public void Prep(int size, int additionalBytes)
    {
        if (size > _minAlign) _minAlign = size;
        int padding = -(Offset + additionalBytes) & (size - 1);
        EnsureSpace(padding + size + additionalBytes);
        for (int i = 0; i < padding; i++) _buffer[--_space] = 0;
    }

    private void PutByte(byte value) => _buffer[--_space] = value;
    private void PutInt16(short value) { _space -= 2; BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_space), value); }
    private void PutInt32(int value) { _space -= 4; BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_space), value); }
    private void PutInt64(long value) { _space -= 8; BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_space), value); }

    /// <summary>Writes an aligned byte.</summary>
    public void AddByte(byte value) { Prep(1, 0); PutByte(value); }

    /// <summary>Writes an aligned int16.</summary>
    public void AddInt16(short value) { Prep(2, 0); PutInt16(value); }

    /// <summary>Writes an aligned int32.</summary>
    public void AddInt32(int value) { Prep(4, 0); PutInt32(value); }

    /// <summary>Writes an aligned int64.</summary>
    public void AddInt64(long value) { Prep(8, 0); PutInt64(value); }

    /// <summary>Writes a uoffset pointing at the object at <paramref name="offset"/>.</summary>
    public void AddOffset(int offset)
    {
        Prep(4, 0);
        if (offset > Offset) throw new InvalidOperationException("A FlatBuffers offset must refer to an object already written.");
        PutInt32(Offset - offset + 4);
    }

    /// <summary>Writes a string (UTF-8, 0-terminated) and returns its offset.</summary>
    public int CreateString(string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        Prep(4, byteCount + 1);
        PutByte(0);
        _space -= byteCount;
        Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_space, byteCount));
        PutInt32(byteCount);
        return Offset;
    }

    /// <summary>
    /// Starts a vector of <paramref name="count"/> elements of <paramref name="elementSize"/> bytes
    /// aligned to <paramref name="alignment"/>. Elements are then added last to first.
    /// </summary>
    public void StartVector(int elementSize, int count, int alignment)
    {
        if (_inTable) throw new InvalidOperationException("A vector cannot be built inside a table.");
        int bytes = checked(elementSize * count);
        Prep(4, bytes);
        Prep(alignment, bytes);
        _vectorCount = count;
    }

    /// <summary>Ends the vector started by <see cref="StartVector"/> and returns its offset.</summary>
    public int EndVector()
    {
        // After Prep(4, bytes) and the elements, the offset is 4-aligned: the count needs no padding.
        PutInt32(_vectorCount);
        return Offset;
    }

    /// <summary>Writes a vector of offsets (e.g. tables) given first to last, and returns its offset.</summary>
    public int CreateOffsetVector(ReadOnlySpan<int> offsets)
    {
        StartVector(4, offsets.Length, 4);
        for (int i = offsets.Length - 1; i >= 0; i--) AddOffset(offsets[i]);
        return EndVector();
    }

    /// <summary>Starts a table with <paramref name="slotCount"/> field slots.</summary>
    public void StartTable(int slotCount)
    {
        if (_inTable) throw new InvalidOperationException("Tables cannot be nested while being built.");
        if (_slots.Length < slotCount) _slots = new int[slotCount];
        Array.Clear(_slots, 0, slotCount);
        _slotCount = slotCount;
        _tableStart = Offset;
        _inTable = true;
    }

    private void Slot(int slot) => _slots[slot] = Offset;

    /// <summary>Adds a bool field, omitted when equal to the default.</summary>
    public void AddBool(int slot, bool value, bool defaultValue)
    {
        if (value == defaultValue) return;
        AddByte(value ? (byte)1 : (byte)0);
        Slot(slot);
    }

    /// <summary>Adds a ubyte field (e.g. a union's type tag), omitted when equal to the default.</summary>
    public void AddByte(int slot, byte value, byte defaultValue)
    {
        if (value == defaultValue) return;
        AddByte(value);
        Slot(slot);
    }

    /// <summary>Adds an int16 field, omitted when equal to the default.</summary>
    public void AddInt16(int slot, short value, short defaultValue)
    {
        if (value == defaultValue) return;
        AddInt16(value);
        Slot(slot);
    }

    /// <summary>Adds an int32 field, omitted when equal to the default.</summary>
    public void AddInt32(int slot, int value, int defaultValue)
    {
        if (value == defaultValue) return;
        AddInt32(value);
        Slot(slot);
    }

    /// <summary>Adds an int64 field, omitted when equal to the default.</summary>
    public void AddInt64(int slot, long value, long defaultValue)
    {
        if (value == defaultValue) return;
        AddInt64(value);
        Slot(slot);
    }

    /// <summary>Adds an offset field (table, vector or string); 0 means absent.</summary>
    public void AddOffset(int slot, int offset)
    {
        if (offset == 0) return;
        AddOffset(offset);
        Slot(slot);
    }

    /// <summary>Ends the open table: writes its vtable and returns the table's offset.</summary>
    public int EndTable()
    {
        if (!_inTable) throw new InvalidOperationException("No table is open.");
        AddInt32(0); // placeholder for the soffset to the vtable
        int tableOffset = Offset;
        int used = _slotCount;
        while (used > 0 && _slots[used - 1] == 0) used--;
        EnsureSpace((used + 2) * 2);
        for (int i = used - 1; i >= 0; i--)
            PutInt16((short)(_slots[i] == 0 ? 0 : tableOffset - _slots[i]));
        PutInt16((short)(tableOffset - _tableStart));
        PutInt16((short)((used + 2) * 2));
        int vtableOffset = Offset;
        // vtable address = table address - soffset; the vtable lies in front of the table.
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_buffer.Length - tableOffset), vtableOffset - tableOffset);
        _inTable = false;
        return tableOffset;
    }

    /// <summary>Writes the root offset and returns the finished buffer (a copy, sized exactly).</summary>
    public byte[] Finish(int rootTable)
    {
        Prep(_minAlign, 4);
        AddOffset(rootTable);
        return _buffer.AsSpan(_space).ToArray();
    }
}
