using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Chronicle.Arrow.Internal;

namespace Chronicle.Arrow;

/// <summary>
/// One column of a record batch: <see cref="Length"/> values of one <see cref="ArrowType"/> in Arrow's
/// columnar layout, with an optional validity bitmap. Immutable; the buffers are shared, not copied,
/// with whatever they were built from (a caller's arrays, or a message body that was read).
/// </summary>
/// <remarks>
/// Layouts (Arrow Columnar.rst, "Physical Memory Layout"): fixed-width types store
/// <c>Length * width</c> little-endian values; Boolean stores a bitmap; Utf8 stores
/// <c>Length + 1</c> int32 offsets and the UTF-8 bytes, value i being
/// <c>data[offsets[i] .. offsets[i + 1]]</c>; a dictionary-encoded column stores int32 indices into
/// <see cref="Dictionary"/>; Null stores nothing. Create arrays with the static factories
/// (<see cref="FromInt64(ReadOnlySpan{long}, ReadOnlySpan{bool})"/>, <see cref="FromStrings"/>,
/// <see cref="DictionaryUtf8(IReadOnlyList{string?})"/>, ...).
/// </remarks>
public sealed partial class ArrowArray
{
    private readonly ReadOnlyMemory<byte> _validity;
    private readonly ReadOnlyMemory<byte> _values;  // values, bits, int32 offsets (Utf8) or int32 indices (dictionary)
    private readonly ReadOnlyMemory<byte> _data;    // UTF-8 bytes (Utf8 only)

    /// <summary>Creates an array from buffers already checked by the caller.</summary>
    internal ArrowArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity,
        ReadOnlyMemory<byte> values, ReadOnlyMemory<byte> data, ArrowArray? dictionary)
    {
        Type = type;
        Length = length;
        NullCount = nullCount;
        _validity = nullCount == 0 || type.Id == ArrowTypeId.Null ? ReadOnlyMemory<byte>.Empty : validity;
        _values = values;
        _data = data;
        Dictionary = dictionary;
    }

    /// <summary>The value type (Utf8 for a dictionary-encoded column).</summary>
    public ArrowType Type { get; }

    /// <summary>Number of values (slots).</summary>
    public int Length { get; }

    /// <summary>Number of null slots.</summary>
    public int NullCount { get; }

    /// <summary>For a dictionary-encoded column, the Utf8 dictionary the indices refer to; else null.</summary>
    public ArrowArray? Dictionary { get; }

    /// <summary>Whether the column is dictionary-encoded.</summary>
    public bool IsDictionaryEncoded => Dictionary is not null;

    /// <summary>
    /// The validity bitmap (bit set = valid, least significant bit first), or an empty span when the
    /// column has no nulls (or is of type Null).
    /// </summary>
    public ReadOnlySpan<byte> ValidityBitmap => _validity.Span;

    internal ReadOnlyMemory<byte> ValidityMemory => _validity;
    internal ReadOnlyMemory<byte> ValuesMemory => _values;
    internal ReadOnlyMemory<byte> DataMemory => _data;

    /// <summary>Whether slot <paramref name="index"/> is null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public bool IsNull(int index)
    {
        CheckIndex(index);
        if (Type.Id == ArrowTypeId.Null) return true;
        return NullCount != 0 && !Bitmap.Get(_validity.Span, index);
    }

    /// <summary>Whether slot <paramref name="index"/> holds a value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public bool IsValid(int index) => !IsNull(index);

    /// <summary>
    /// The value buffer viewed as <typeparamref name="T"/>, <see cref="Length"/> elements: e.g.
    /// <c>GetValues&lt;long&gt;()</c> for Int64 or Timestamp, <c>GetValues&lt;double&gt;()</c> for
    /// Float64, <c>GetValues&lt;int&gt;()</c> for the indices of a dictionary-encoded column. Null
    /// slots hold whatever the producer stored there (check <see cref="IsNull"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The column has no fixed-width values of <typeparamref name="T"/>'s size (Boolean, Utf8, Null).
    /// </exception>
    public ReadOnlySpan<T> GetValues<T>() where T : unmanaged
    {
        int width = IsDictionaryEncoded ? 4 : Type.ByteWidth;
        if (width == 0 || width != Unsafe.SizeOf<T>())
            throw new InvalidOperationException(
                $"A {Describe()} column has no values of {typeof(T).Name}; use GetValues<T> with a {(width == 0 ? "fixed-width column" : $"{width}-byte type")}.");
        return MemoryMarshal.Cast<byte, T>(_values.Span).Slice(0, Length);
    }

    /// <summary>For a dictionary-encoded column, the int32 indices into <see cref="Dictionary"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not dictionary-encoded.</exception>
    public ReadOnlySpan<int> DictionaryIndices => IsDictionaryEncoded
        ? MemoryMarshal.Cast<byte, int>(_values.Span).Slice(0, Length)
        : throw new InvalidOperationException($"A {Describe()} column has no dictionary indices.");

    /// <summary>For a Utf8 column, the <see cref="Length"/> + 1 int32 offsets into <see cref="ValueData"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is not a plain Utf8 column.</exception>
    public ReadOnlySpan<int> ValueOffsets => IsPlainUtf8
        ? MemoryMarshal.Cast<byte, int>(_values.Span).Slice(0, Length + 1)
        : throw new InvalidOperationException($"A {Describe()} column has no value offsets.");

    /// <summary>For a Utf8 column, the UTF-8 bytes of all values.</summary>
    /// <exception cref="InvalidOperationException">The column is not a plain Utf8 column.</exception>
    public ReadOnlySpan<byte> ValueData => IsPlainUtf8
        ? _data.Span
        : throw new InvalidOperationException($"A {Describe()} column has no value data.");

    private bool IsPlainUtf8 => Type.Id == ArrowTypeId.Utf8 && !IsDictionaryEncoded;

    /// <summary>
    /// Reads an integer or timestamp value as int64: Int8..Int64, UInt8..UInt32 widen exactly, UInt64
    /// is reinterpreted (values above <see cref="long.MaxValue"/> come out negative), a timestamp gives
    /// its ticks. A null slot gives whatever the producer stored there (check <see cref="IsNull"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The column is not an integer or timestamp column.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public long GetInt64(int index)
    {
        CheckIndex(index);
        var v = _values.Span;
        if (IsDictionaryEncoded) throw WrongType("GetInt64");
        return Type.Id switch
        {
            ArrowTypeId.Int8 => (sbyte)v[index],
            ArrowTypeId.UInt8 => v[index],
            ArrowTypeId.Int16 => BinaryPrimitives.ReadInt16LittleEndian(v.Slice(index * 2)),
            ArrowTypeId.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(v.Slice(index * 2)),
            ArrowTypeId.Int32 => BinaryPrimitives.ReadInt32LittleEndian(v.Slice(index * 4)),
            ArrowTypeId.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(v.Slice(index * 4)),
            ArrowTypeId.Int64 or ArrowTypeId.UInt64 or ArrowTypeId.Timestamp =>
                BinaryPrimitives.ReadInt64LittleEndian(v.Slice(index * 8)),
            _ => throw WrongType("GetInt64"),
        };
    }

    /// <summary>Reads a UInt64 value (or any unsigned integer, widened).</summary>
    /// <exception cref="InvalidOperationException">The column is not an unsigned integer column.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public ulong GetUInt64(int index)
    {
        if (Type.Id is not (ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64) || IsDictionaryEncoded)
            throw WrongType("GetUInt64");
        return (ulong)GetInt64(index);
    }

    /// <summary>Reads a Float64 or Float32 value (widened exactly) as double.</summary>
    /// <exception cref="InvalidOperationException">The column is not a floating-point column.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public double GetDouble(int index)
    {
        CheckIndex(index);
        var v = _values.Span;
        return Type.Id switch
        {
            ArrowTypeId.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(v.Slice(index * 8)),
            ArrowTypeId.Float32 => BinaryPrimitives.ReadSingleLittleEndian(v.Slice(index * 4)),
            _ => throw WrongType("GetDouble"),
        };
    }

    /// <summary>Reads a Boolean value; a null slot gives whatever the producer stored there (check <see cref="IsNull"/>).</summary>
    /// <exception cref="InvalidOperationException">The column is not Boolean.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public bool GetBoolean(int index)
    {
        CheckIndex(index);
        if (Type.Id != ArrowTypeId.Boolean) throw WrongType("GetBoolean");
        return Bitmap.Get(_values.Span, index);
    }

    /// <summary>Reads a string from a Utf8 or dictionary-encoded column; null for a null slot.</summary>
    /// <exception cref="InvalidOperationException">The column is not Utf8.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public string? GetString(int index)
    {
        if (Type.Id != ArrowTypeId.Utf8) throw WrongType("GetString");
        if (IsNull(index)) return null;
        if (Dictionary is { } dictionary)
            return dictionary.GetString(BinaryPrimitives.ReadInt32LittleEndian(_values.Span.Slice(index * 4)));
        return Encoding.UTF8.GetString(GetUtf8Bytes(index));
    }

    /// <summary>The UTF-8 bytes of a plain Utf8 value (empty for a null slot).</summary>
    /// <exception cref="InvalidOperationException">The column is not a plain Utf8 column.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public ReadOnlySpan<byte> GetUtf8Bytes(int index)
    {
        CheckIndex(index);
        if (!IsPlainUtf8) throw WrongType("GetUtf8Bytes");
        var offsets = _values.Span;
        int start = BinaryPrimitives.ReadInt32LittleEndian(offsets.Slice(index * 4));
        int end = BinaryPrimitives.ReadInt32LittleEndian(offsets.Slice(index * 4 + 4));
        return _data.Span.Slice(start, end - start);
    }

    /// <summary>
    /// Reads a value as an object: null, long (signed integers, and a timestamp's int64 ticks), ulong
    /// (unsigned integers), double or float, bool or string.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public object? GetValue(int index)
    {
        if (IsNull(index)) return null;
        return Type.Id switch
        {
            ArrowTypeId.Utf8 => GetString(index),
            ArrowTypeId.Boolean => GetBoolean(index),
            ArrowTypeId.Float32 => (float)GetDouble(index),
            ArrowTypeId.Float64 => GetDouble(index),
            ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64 => GetUInt64(index),
            _ => GetInt64(index),
        };
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The column has {Length} values.");
    }

    private string Describe() => IsDictionaryEncoded ? $"dictionary-encoded {Type}" : Type.ToString();

    private InvalidOperationException WrongType(string method) =>
        new($"{method} cannot read a {Describe()} column.");
}
