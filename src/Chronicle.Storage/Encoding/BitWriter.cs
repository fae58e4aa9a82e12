using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Appends bit fields, most significant bit first, to a growable byte array that always holds a
/// complete prefix: after every write the first <see cref="ByteLength"/> bytes are final except
/// for the zero padding of the last byte.
/// </summary>
/// <remarks>
/// Each write is one big-endian 64-bit load, OR and store at the byte holding the current bit
/// position, so the array keeps at least 8 bytes of zeroed slack past <see cref="ByteLength"/>.
/// Bits past the position must stay zero (<see cref="Clear"/> restores that).
/// </remarks>
internal struct BitWriter
{
    private const int Slack = 8;
    private byte[] _buffer;
    private int _bitPosition;

    /// <summary>Creates a writer over a zeroed buffer of at least <paramref name="initialBytes"/> bytes.</summary>
    public BitWriter(int initialBytes)
    {
        _buffer = new byte[Math.Max(initialBytes, 16)];
        _bitPosition = 0;
    }

    /// <summary>The underlying array (its length is the allocation, not the content).</summary>
    public readonly byte[] Buffer => _buffer;

    /// <summary>Number of bits written.</summary>
    public readonly int BitPosition => _bitPosition;

    /// <summary>Number of bytes holding written bits (the last one zero padded).</summary>
    public readonly int ByteLength => (_bitPosition + 7) >> 3;

    /// <summary>The written bytes.</summary>
    public readonly ReadOnlySpan<byte> Written => new(_buffer, 0, ByteLength);

    /// <summary>Writes the low <paramref name="count"/> bits (0..64) of <paramref name="value"/>; higher bits must be zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBits(ulong value, int count)
    {
        if (count <= 56)
        {
            WriteSmall(value, count);
        }
        else
        {
            WriteSmall(value >> 32, count - 32);
            WriteSmall(value & 0xFFFF_FFFFUL, 32);
        }
    }

    /// <summary>Writes <paramref name="count"/> (0..64) zero bits: only the position moves, since bits past it are already zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteZeros(int count)
    {
        _bitPosition += count;
        if ((_bitPosition >> 3) + Slack > _buffer.Length)
        {
            Grow((_bitPosition >> 3) + Slack);
        }
    }

    /// <summary>Writes one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBit(bool bit) => WriteSmall(bit ? 1UL : 0UL, 1);

    /// <summary>Advances to the next byte boundary (the skipped bits stay zero).</summary>
    public void AlignToByte() => _bitPosition = (_bitPosition + 7) & ~7;

    /// <summary>Returns a span of <paramref name="count"/> bytes at the current position (which must be byte aligned) and advances past it.</summary>
    public Span<byte> ReserveBytes(int count)
    {
        EnsureCapacity(count * 8);
        var span = new Span<byte>(_buffer, _bitPosition >> 3, count);
        _bitPosition += count * 8;
        return span;
    }

    /// <summary>Overwrites the byte at <paramref name="index"/> (used for the chunk header).</summary>
    public readonly void SetByte(int index, byte value) => _buffer[index] = value;

    /// <summary>Moves the position back to <paramref name="bitPosition"/>, zeroing the bits after it (undoes a partial write).</summary>
    public void Truncate(int bitPosition)
    {
        int end = ByteLength;
        int keep = bitPosition >> 3;
        if ((bitPosition & 7) != 0)
        {
            _buffer[keep] &= (byte)(0xFF << (8 - (bitPosition & 7)));
            keep++;
        }

        Array.Clear(_buffer, keep, Math.Max(0, end - keep));
        _bitPosition = bitPosition;
    }

    /// <summary>Sets the bit position to <paramref name="bitPosition"/> after zeroing every written byte.</summary>
    public void Clear(int bitPosition)
    {
        Array.Clear(_buffer, 0, Math.Min(_buffer.Length, ByteLength + Slack));
        _bitPosition = bitPosition;
        EnsureCapacity(0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteSmall(ulong value, int count)
    {
        int index = _bitPosition >> 3;
        if (index + Slack > _buffer.Length)
        {
            Grow(index + Slack);
        }

        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), index);
        ulong word = BigEndian.Load(ref at);
        // count == 0 shifts by 64 - used, which is < 64 only when used > 0; value is 0 then anyway.
        word |= value << (64 - (_bitPosition & 7) - count);
        BigEndian.Store(ref at, word);
        _bitPosition += count;
    }

    private void EnsureCapacity(int extraBits)
    {
        int needed = ((_bitPosition + extraBits + 7) >> 3) + Slack;
        if (needed > _buffer.Length)
        {
            Grow(needed);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}
