using System.Buffers.Binary;
using Chronicle.Arrow.Internal;

namespace Chronicle.Arrow.Ipc;

/// <summary>
/// Compares a dictionary with the one last sent for the same id, to send nothing (unchanged), only
/// the new entries (a delta), or the whole dictionary again (a replacement).
/// </summary>
internal static class DictionaryDelta
{
    /// <summary>Whether <paramref name="current"/> starts with every entry of <paramref name="previous"/>.</summary>
    public static bool Extends(ArrowArray previous, ArrowArray current)
    {
        if (ReferenceEquals(previous, current)) return true;
        if (current.Length < previous.Length) return false;
        var a = previous.ValueOffsets;
        var b = current.ValueOffsets.Slice(0, a.Length);
        if (!a.SequenceEqual(b)) return false;
        int start = a[0], end = a[^1];
        if (!previous.ValueData.Slice(start, end - start).SequenceEqual(current.ValueData.Slice(start, end - start))) return false;
        if (previous.NullCount == 0 && current.NullCount == 0) return true;
        for (int i = 0; i < previous.Length; i++)
            if (previous.IsNull(i) != current.IsNull(i)) return false;
        return true;
    }

    /// <summary>Entries <paramref name="start"/>.. of a Utf8 dictionary as a new Utf8 array (offsets rebased, data shared).</summary>
    public static ArrowArray Tail(ArrowArray dictionary, int start)
    {
        int count = dictionary.Length - start;
        var offsets = dictionary.ValueOffsets.Slice(start, count + 1);
        var rebased = new byte[(count + 1) * 4];
        for (int i = 0; i <= count; i++)
            BinaryPrimitives.WriteInt32LittleEndian(rebased.AsSpan(i * 4), offsets[i] - offsets[0]);
        var data = dictionary.DataMemory.Slice(offsets[0], offsets[count] - offsets[0]);
        byte[]? validity = null;
        int nulls = 0;
        if (dictionary.NullCount != 0)
        {
            validity = new byte[Bitmap.ByteLength(count)];
            for (int i = 0; i < count; i++)
            {
                if (dictionary.IsNull(start + i)) nulls++;
                else validity[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return new ArrowArray(ArrowType.Utf8, count, nulls, validity, rebased, data, null);
    }
}
