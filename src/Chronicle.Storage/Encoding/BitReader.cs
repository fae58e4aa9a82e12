using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Reads bit fields, most significant bit first, from a span written by <see cref="BitWriter"/>.
/// Reading past the end throws <see cref="InvalidDataException"/>; it never reads outside the span.
/// </summary>
/// <remarks>
/// The fast path is <see cref="Peek"/>: one unaligned big-endian 64-bit load at the byte holding the
/// position, shifted so the next bit is the most significant; at least 57 bits of it are valid.
/// Within 8 bytes of the end the window is assembled byte by byte and padded with zeros, so a
/// peek never fails; <see cref="Skip"/> is what checks that consumed bits exist.
/// </remarks>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _limitBits;
    private int _bitPosition;

    /// <summary>Creates a reader over <paramref name="data"/> starting at bit <paramref name="bitPosition"/>.</summary>
    public BitReader(ReadOnlySpan<byte> data, int bitPosition)
    {
        _data = data;
        _limitBits = (long)data.Length * 8;
        _bitPosition = bitPosition;
    }

    /// <summary>Current bit position.</summary>
    public readonly int BitPosition => _bitPosition;

    /// <summary>Bits left before the end of the span.</summary>
    public readonly long RemainingBits => _limitBits - _bitPosition;

    /// <summary>The next 64 bits, the next one most significant; only the first 57 are guaranteed to be data, later ones may belong to the following bits or be zero padding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Peek()
    {
        int index = _bitPosition >> 3;
        if (index + 8 <= _data.Length)
        {
            return BigEndian.Load(ref Unsafe.Add(ref MemoryMarshal.GetReference(_data), index)) << (_bitPosition & 7);
        }

        return PeekNearEnd(index);
    }

    /// <summary>Consumes <paramref name="count"/> bits already seen through <see cref="Peek"/>.</summary>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="count"/> bits remain.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int count)
    {
        _bitPosition += count;
        if (_bitPosition > _limitBits)
        {
            ThrowTruncated();
        }
    }

    /// <summary>Reads <paramref name="count"/> bits (1..57) as an unsigned number.</summary>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="count"/> bits remain.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadSmall(int count)
    {
        ulong value = Peek() >> (64 - count);
        Skip(count);
        return value;
    }

    /// <summary>Reads <paramref name="count"/> bits (0..64) as an unsigned number.</summary>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="count"/> bits remain.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (count <= 56)
        {
            return ReadSmall(count);
        }

        ulong high = ReadSmall(count - 32);
        return (high << 32) | ReadSmall(32);
    }

    /// <summary>Reads one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBit() => ReadSmall(1) != 0;

    /// <summary>Advances to the next byte boundary.</summary>
    public void AlignToByte()
    {
        int aligned = (_bitPosition + 7) & ~7;
        Skip(aligned - _bitPosition);
    }

    /// <summary>Returns the next <paramref name="count"/> bytes (the position must be byte aligned) and advances past them.</summary>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="count"/> bytes remain.</exception>
    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || (long)count * 8 > RemainingBits)
        {
            ThrowTruncated();
        }

        var bytes = _data.Slice(_bitPosition >> 3, count);
        _bitPosition += count * 8;
        return bytes;
    }

    private readonly ulong PeekNearEnd(int index)
    {
        ulong window = 0;
        for (int i = 0; i < 8; i++)
        {
            window <<= 8;
            if (index + i < _data.Length)
            {
                window |= _data[index + i];
            }
        }

        return window << (_bitPosition & 7);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTruncated() =>
        throw new InvalidDataException("Chunk is truncated or corrupt: its bit stream ends before the sample count in its header is reached.");
}
