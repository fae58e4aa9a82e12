using System.Numerics;

namespace Chronicle.Arrow.Internal;

/// <summary>
/// Arrow bitmaps: bit i of the buffer is <c>(bytes[i / 8] &gt;&gt; (i % 8)) &amp; 1</c>
/// (least significant bit first). Used for validity (1 = valid) and Boolean values.
/// </summary>
internal static class Bitmap
{
    /// <summary>Bytes needed for <paramref name="bits"/> bits.</summary>
    public static int ByteLength(int bits) => (int)(((long)bits + 7) / 8);

    /// <summary>Reads bit <paramref name="index"/>.</summary>
    public static bool Get(ReadOnlySpan<byte> bitmap, int index) => ((bitmap[index >> 3] >> (index & 7)) & 1) != 0;

    /// <summary>Packs booleans into a new bitmap.</summary>
    public static byte[] Pack(ReadOnlySpan<bool> values, out int setCount)
    {
        var bitmap = new byte[ByteLength(values.Length)];
        int set = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!values[i]) continue;
            bitmap[i >> 3] |= (byte)(1 << (i & 7));
            set++;
        }
        setCount = set;
        return bitmap;
    }

    /// <summary>Counts the set bits among the first <paramref name="length"/> bits.</summary>
    public static int CountSet(ReadOnlySpan<byte> bitmap, int length)
    {
        int whole = length >> 3;
        int count = 0;
        int i = 0;
        for (; i + 8 <= whole; i += 8)
            count += BitOperations.PopCount(BitConverter.ToUInt64(bitmap.Slice(i, 8)));
        for (; i < whole; i++) count += BitOperations.PopCount(bitmap[i]);
        int rest = length & 7;
        if (rest != 0) count += BitOperations.PopCount((uint)(bitmap[whole] & ((1 << rest) - 1)));
        return count;
    }
}
