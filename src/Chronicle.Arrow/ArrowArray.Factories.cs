using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Chronicle.Arrow.Internal;

namespace Chronicle.Arrow;

public sealed partial class ArrowArray
{
    // Span factories copy the values once into an array the ArrowArray owns; the FromMemory /
    // FromUtf8 / DictionaryUtf8(ReadOnlyMemory...) factories copy nothing and keep a reference to the
    // caller's memory, which must not change until the batch has been written.
    // A validity span of booleans (true = valid) may be empty, meaning "no nulls".

    /// <summary>Creates an Int8 column (copies <paramref name="values"/>).</summary>
    /// <param name="values">The values; slots that are null hold any value.</param>
    /// <param name="validity">Empty (no nulls) or one flag per value, true = valid.</param>
    /// <exception cref="ArgumentException"><paramref name="validity"/> is neither empty nor as long as <paramref name="values"/>.</exception>
    public static ArrowArray FromInt8(ReadOnlySpan<sbyte> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.Int8, values, validity);

    /// <summary>Creates an Int16 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromInt16(ReadOnlySpan<short> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.Int16, values, validity);

    /// <summary>Creates an Int32 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromInt32(ReadOnlySpan<int> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.Int32, values, validity);

    /// <summary>Creates an Int64 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromInt64(ReadOnlySpan<long> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.Int64, values, validity);

    /// <summary>Creates a UInt8 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromUInt8(ReadOnlySpan<byte> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.UInt8, values, validity);

    /// <summary>Creates a UInt16 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromUInt16(ReadOnlySpan<ushort> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.UInt16, values, validity);

    /// <summary>Creates a UInt32 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromUInt32(ReadOnlySpan<uint> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.UInt32, values, validity);

    /// <summary>Creates a UInt64 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromUInt64(ReadOnlySpan<ulong> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.UInt64, values, validity);

    /// <summary>Creates a Float32 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromFloat(ReadOnlySpan<float> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.Float32, values, validity);

    /// <summary>Creates a Float64 column (copies <paramref name="values"/>).</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromDouble(ReadOnlySpan<double> values, ReadOnlySpan<bool> validity = default) => Copy(ArrowType.Float64, values, validity);

    /// <summary>Creates a Timestamp column (copies <paramref name="values"/>).</summary>
    /// <param name="values">Ticks of <paramref name="unit"/> since the Unix epoch.</param>
    /// <param name="unit">Tick length; Chronicle uses nanoseconds.</param>
    /// <param name="timeZone">Time zone name (<c>"UTC"</c>) or null for zone-naive values.</param>
    /// <param name="validity">Empty (no nulls) or one flag per value, true = valid.</param>
    /// <exception cref="ArgumentException"><paramref name="validity"/> is neither empty nor as long as <paramref name="values"/>.</exception>
    public static ArrowArray FromTimestamps(ReadOnlySpan<long> values, TimeUnit unit = TimeUnit.Nanosecond,
        string? timeZone = "UTC", ReadOnlySpan<bool> validity = default) =>
        Copy(ArrowType.Timestamp(unit, timeZone), values, validity);

    /// <summary>Creates a Boolean column, packing the values into a bitmap.</summary>
    /// <inheritdoc cref="FromInt8" path="/param"/>
    /// <inheritdoc cref="FromInt8" path="/exception"/>
    public static ArrowArray FromBoolean(ReadOnlySpan<bool> values, ReadOnlySpan<bool> validity = default)
    {
        var (bitmap, nulls) = Validity(values.Length, validity);
        var bits = Bitmap.Pack(values, out _);
        return new ArrowArray(ArrowType.Boolean, values.Length, nulls, bitmap, bits, default, null);
    }

    /// <summary>Creates a column of type Null: <paramref name="length"/> nulls, no buffers.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static ArrowArray Nulls(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new ArrowArray(ArrowType.Null, length, length, default, default, default, null);
    }

    /// <summary>Creates a Utf8 column, encoding the strings as UTF-8; a null item is a null slot.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">The encoded strings exceed 2 GiB (int32 offsets).</exception>
    public static ArrowArray FromStrings(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        long total = 0;
        int nulls = 0;
        for (int i = 0; i < n; i++)
        {
            if (values[i] is { } s) total += Encoding.UTF8.GetByteCount(s);
            else nulls++;
        }
        if (total > int.MaxValue) throw new ArgumentException("The strings exceed 2 GiB of UTF-8, the limit of a Utf8 column.", nameof(values));
        var offsets = new int[n + 1];
        var data = new byte[total];
        byte[]? validity = nulls == 0 ? null : new byte[Bitmap.ByteLength(n)];
        int position = 0;
        for (int i = 0; i < n; i++)
        {
            if (values[i] is { } s)
            {
                position += Encoding.UTF8.GetBytes(s, data.AsSpan(position));
                if (validity is not null) validity[i >> 3] |= (byte)(1 << (i & 7));
            }
            offsets[i + 1] = position;
        }
        return new ArrowArray(ArrowType.Utf8, n, nulls, validity, CastMemoryManager<int>.AsBytes(offsets), data, null);
    }

    /// <summary>
    /// Creates a fixed-width column over <paramref name="values"/> without copying; the memory must
    /// stay unchanged until the column has been written.
    /// </summary>
    /// <typeparam name="T">An unmanaged type as wide as one value of <paramref name="type"/> (long for Int64 or Timestamp, double for Float64...).</typeparam>
    /// <param name="type">An integer, floating-point or timestamp type.</param>
    /// <param name="values">The values, one per slot.</param>
    /// <param name="validityBitmap">Empty (no nulls) or a bitmap of at least ceil(n / 8) bytes, bit set = valid.</param>
    /// <exception cref="ArgumentException">The type is not fixed-width, its width differs from <typeparamref name="T"/>'s, or the bitmap is too short.</exception>
    public static ArrowArray FromMemory<T>(ArrowType type, ReadOnlyMemory<T> values, ReadOnlyMemory<byte> validityBitmap = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.ByteWidth == 0 || type.ByteWidth != Unsafe.SizeOf<T>())
            throw new ArgumentException($"{typeof(T).Name} values cannot form a {type} column.", nameof(values));
        int nulls = NullsOf(values.Length, validityBitmap);
        return new ArrowArray(type, values.Length, nulls, validityBitmap, CastMemoryManager<T>.AsBytes(values), default, null);
    }

    /// <summary>Creates a fixed-width column over an array without copying (see <see cref="FromMemory{T}(ArrowType, ReadOnlyMemory{T}, ReadOnlyMemory{byte})"/>).</summary>
    /// <typeparam name="T">An unmanaged type as wide as one value of <paramref name="type"/>.</typeparam>
    /// <param name="type">An integer, floating-point or timestamp type.</param>
    /// <param name="values">The values, one per slot.</param>
    /// <param name="validityBitmap">Null or empty (no nulls) or a bitmap of at least ceil(n / 8) bytes, bit set = valid.</param>
    /// <exception cref="ArgumentException">The type is not fixed-width, its width differs from <typeparamref name="T"/>'s, or the bitmap is too short.</exception>
    public static ArrowArray FromMemory<T>(ArrowType type, T[] values, byte[]? validityBitmap = null) where T : unmanaged =>
        FromMemory(type, new ReadOnlyMemory<T>(values ?? throw new ArgumentNullException(nameof(values))), validityBitmap);

    /// <summary>
    /// Creates a Utf8 column over already-encoded UTF-8 without copying.
    /// </summary>
    /// <param name="offsets">n + 1 non-decreasing, non-negative offsets into <paramref name="data"/>.</param>
    /// <param name="data">The UTF-8 bytes; value i is <c>data[offsets[i]..offsets[i + 1]]</c>.</param>
    /// <param name="validityBitmap">Empty (no nulls) or a bitmap of at least ceil(n / 8) bytes, bit set = valid.</param>
    /// <exception cref="ArgumentException">The offsets are empty, decreasing or past the data, or the bitmap is too short.</exception>
    public static ArrowArray FromUtf8(ReadOnlyMemory<int> offsets, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> validityBitmap = default)
    {
        if (offsets.IsEmpty) throw new ArgumentException("A Utf8 column needs at least one offset.", nameof(offsets));
        var o = offsets.Span;
        if (o[0] < 0) throw new ArgumentException("Utf8 offsets must not be negative.", nameof(offsets));
        for (int i = 1; i < o.Length; i++)
            if (o[i] < o[i - 1]) throw new ArgumentException($"Utf8 offsets decrease at index {i}.", nameof(offsets));
        if (o[^1] > data.Length)
            throw new ArgumentException($"The last offset {o[^1]} is past the {data.Length} bytes of data.", nameof(offsets));
        int n = o.Length - 1;
        int nulls = NullsOf(n, validityBitmap);
        return new ArrowArray(ArrowType.Utf8, n, nulls, validityBitmap, CastMemoryManager<int>.AsBytes(offsets), data, null);
    }

    /// <summary>
    /// Creates a dictionary-encoded Utf8 column from strings: the dictionary holds each distinct
    /// string once, in order of first appearance; a null item is a null slot.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public static ArrowArray DictionaryUtf8(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new ArrowDictionaryBuilder();
        return builder.Encode(values);
    }

    /// <summary>Creates a dictionary-encoded Utf8 column from indices (copied) and a dictionary.</summary>
    /// <param name="indices">Int32 indices into <paramref name="dictionary"/>, one per slot.</param>
    /// <param name="dictionary">A plain Utf8 column without nulls.</param>
    /// <param name="validity">Empty (no nulls) or one flag per index, true = valid.</param>
    /// <exception cref="ArgumentException">The dictionary is not plain Utf8 without nulls, an index of a valid slot is outside it, or the validity length is wrong.</exception>
    public static ArrowArray DictionaryUtf8(ReadOnlySpan<int> indices, ArrowArray dictionary, ReadOnlySpan<bool> validity = default)
    {
        var (bitmap, nulls) = Validity(indices.Length, validity);
        return Encoded(indices.ToArray(), dictionary, bitmap, nulls);
    }

    /// <summary>
    /// Creates a dictionary-encoded Utf8 column over <paramref name="indices"/> without copying.
    /// </summary>
    /// <param name="indices">Int32 indices into <paramref name="dictionary"/>, one per slot.</param>
    /// <param name="dictionary">A plain Utf8 column without nulls.</param>
    /// <param name="validityBitmap">Empty (no nulls) or a bitmap of at least ceil(n / 8) bytes, bit set = valid.</param>
    /// <exception cref="ArgumentException">The dictionary is not plain Utf8 without nulls, an index of a valid slot is outside it, or the bitmap is too short.</exception>
    public static ArrowArray DictionaryUtf8(ReadOnlyMemory<int> indices, ArrowArray dictionary, ReadOnlyMemory<byte> validityBitmap)
    {
        int nulls = NullsOf(indices.Length, validityBitmap);
        return Encoded(indices, dictionary, validityBitmap, nulls);
    }

    private static ArrowArray Encoded(ReadOnlyMemory<int> indices, ArrowArray dictionary, ReadOnlyMemory<byte> validity, int nulls)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (dictionary.Type.Id != ArrowTypeId.Utf8 || dictionary.IsDictionaryEncoded || dictionary.NullCount != 0)
            throw new ArgumentException("A dictionary must be a plain Utf8 column without nulls.", nameof(dictionary));
        var span = indices.Span;
        var bits = validity.Span;
        // Vectorized search for an index outside [0, Length); only such slots need the validity check.
        int offset = 0;
        while (offset < span.Length)
        {
            int bad = dictionary.Length == 0 ? 0 : span[offset..].IndexOfAnyExceptInRange(0, dictionary.Length - 1);
            if (bad < 0) break;
            int i = offset + bad;
            if (nulls == 0 || Bitmap.Get(bits, i))
                throw new ArgumentException($"Index {span[i]} at slot {i} is outside the {dictionary.Length}-entry dictionary.", nameof(indices));
            offset = i + 1;
        }
        return new ArrowArray(ArrowType.Utf8, span.Length, nulls, validity, CastMemoryManager<int>.AsBytes(indices), default, dictionary);
    }

    private static ArrowArray Copy<T>(ArrowType type, ReadOnlySpan<T> values, ReadOnlySpan<bool> validity) where T : unmanaged
    {
        var (bitmap, nulls) = Validity(values.Length, validity);
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        return new ArrowArray(type, values.Length, nulls, bitmap, bytes, default, null);
    }

    private static (byte[]? Bitmap, int Nulls) Validity(int length, ReadOnlySpan<bool> validity)
    {
        if (validity.IsEmpty) return (null, 0);
        if (validity.Length != length)
            throw new ArgumentException($"The validity has {validity.Length} flags for {length} values.", nameof(validity));
        var bitmap = Bitmap.Pack(validity, out int valid);
        return valid == length ? (null, 0) : (bitmap, length - valid);
    }

    private static int NullsOf(int length, ReadOnlyMemory<byte> validityBitmap)
    {
        if (validityBitmap.IsEmpty) return 0;
        if (validityBitmap.Length < Bitmap.ByteLength(length))
            throw new ArgumentException($"The validity bitmap has {validityBitmap.Length} bytes; {length} values need {Bitmap.ByteLength(length)}.", nameof(validityBitmap));
        return length - Bitmap.CountSet(validityBitmap.Span, length);
    }
}
