using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Wal;

/// <summary>
/// LEB128 unsigned varints (7 bits per byte, low group first, high bit = more) and zigzag signed
/// varints (<c>(n &lt;&lt; 1) ^ (n &gt;&gt; 63)</c>, as in Protocol Buffers), used by <see cref="WalCodec"/>.
/// </summary>
internal static class WalVarint
{
    /// <summary>Most bytes one 64-bit varint takes.</summary>
    public const int MaxLength = 10;

    /// <summary>Writes <paramref name="value"/> at <paramref name="pos"/> and advances it; the buffer must have <see cref="MaxLength"/> bytes free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Span<byte> buffer, ref int pos, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[pos++] = (byte)value;
    }

    /// <summary>Writes a signed value zigzag-encoded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteSigned(Span<byte> buffer, ref int pos, long value) =>
        Write(buffer, ref pos, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Reads a varint at <paramref name="pos"/> and advances it.</summary>
    /// <exception cref="InvalidDataException">The varint runs past the end or is longer than 10 bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read(ReadOnlySpan<byte> buffer, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if ((uint)pos >= (uint)buffer.Length) throw new InvalidDataException("WAL payload: varint runs past the end");
            byte b = buffer[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("WAL payload: varint longer than 10 bytes");
    }

    /// <summary>Reads a zigzag-encoded signed varint.</summary>
    /// <exception cref="InvalidDataException">The varint is malformed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadSigned(ReadOnlySpan<byte> buffer, ref int pos)
    {
        ulong u = Read(buffer, ref pos);
        return (long)(u >> 1) ^ -(long)(u & 1);
    }
}
