using System.Runtime.InteropServices;
using System.Text;
using Chronicle.Arrow.Internal;

namespace Chronicle.Arrow;

/// <summary>
/// Builds a growing Utf8 dictionary for a dictionary-encoded column (a tag column) across many
/// record batches. Each batch's column refers to a snapshot of the dictionary; because entries are
/// only ever appended, a later snapshot extends an earlier one and the writers send only the new
/// entries (a delta DictionaryBatch) instead of the whole dictionary again.
/// </summary>
/// <remarks>Not thread-safe. Snapshots share the builder's memory and are never changed by it.</remarks>
public sealed class ArrowDictionaryBuilder
{
    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private int[] _offsets = new int[17];
    private byte[] _data = new byte[256];
    private int _count;
    private int _dataLength;

    /// <summary>Number of distinct entries so far.</summary>
    public int Count => _count;

    /// <summary>Returns the index of <paramref name="value"/>, appending it when new.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null (nulls belong in the validity, not the dictionary).</exception>
    /// <exception cref="InvalidOperationException">The dictionary would exceed 2 GiB of UTF-8.</exception>
    public int GetOrAdd(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_indexOf, value, out bool exists);
        if (exists) return slot;
        int bytes = Encoding.UTF8.GetByteCount(value);
        if ((long)_dataLength + bytes > int.MaxValue)
        {
            _indexOf.Remove(value);
            throw new InvalidOperationException("The dictionary exceeds 2 GiB of UTF-8.");
        }
        // Growing replaces the arrays, so earlier snapshots keep the old ones intact; appending to the
        // current arrays writes only past every snapshot's end.
        if (_dataLength + bytes > _data.Length)
            Array.Resize(ref _data, (int)Math.Min(int.MaxValue, Math.Max((long)_data.Length * 2, (long)_dataLength + bytes)));
        if (_count + 2 > _offsets.Length) Array.Resize(ref _offsets, _offsets.Length * 2);
        _dataLength += Encoding.UTF8.GetBytes(value, _data.AsSpan(_dataLength));
        _offsets[_count + 1] = _dataLength;
        slot = _count;
        return _count++;
    }

    /// <summary>A Utf8 column of the entries so far (shares memory; later additions do not change it).</summary>
    public ArrowArray ToDictionary() =>
        new(ArrowType.Utf8, _count, 0, default,
            CastMemoryManager<int>.AsBytes(_offsets.AsMemory(0, _count + 1)), _data.AsMemory(0, _dataLength), null);

    /// <summary>Encodes strings as a dictionary-encoded column over this builder's dictionary; null items are null slots.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    public ArrowArray Encode(IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        var indices = new int[n];
        byte[]? validity = null;
        int nulls = 0;
        for (int i = 0; i < n; i++)
        {
            if (values[i] is { } s)
            {
                indices[i] = GetOrAdd(s);
                continue;
            }
            validity ??= CreateAllValid(n);
            validity[i >> 3] &= (byte)~(1 << (i & 7));
            nulls++;
        }
        return new ArrowArray(ArrowType.Utf8, n, nulls, validity, CastMemoryManager<int>.AsBytes(indices), default, ToDictionary());
    }

    private static byte[] CreateAllValid(int length)
    {
        var bitmap = new byte[Bitmap.ByteLength(length)];
        bitmap.AsSpan().Fill(0xFF);
        return bitmap;
    }
}
