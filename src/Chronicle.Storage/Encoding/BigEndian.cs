using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>Unaligned big-endian 64-bit loads and stores through a byte reference (no bounds check: callers guarantee 8 bytes).</summary>
internal static class BigEndian
{
    /// <summary>Reads 8 bytes at <paramref name="at"/> as a big-endian word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Load(ref byte at)
    {
        ulong raw = Unsafe.ReadUnaligned<ulong>(ref at);
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(raw) : raw;
    }

    /// <summary>Writes <paramref name="value"/> big-endian to the 8 bytes at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref byte at, ulong value)
    {
        Unsafe.WriteUnaligned(ref at, BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
    }
}
