using System.Buffers.Binary;
using System.Numerics;

namespace Chronicle.Storage.IO;

/// <summary>
/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41, reflected, initial value and final XOR 0xFFFFFFFF),
/// the checksum of WAL records and segment blocks. Uses <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// on 8-byte words, which is hardware accelerated (SSE4.2 / ARMv8 CRC) where available.
/// </summary>
/// <remarks>Check value (RFC 3720, appendix B.4): <c>Compute("123456789"u8) == 0xE3069283</c>.</remarks>
public static class Crc32C
{
    /// <summary>CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Extends a CRC returned by <see cref="Compute"/> or <see cref="Append"/> with more bytes, so
    /// <c>Append(Compute(a), b) == Compute(a + b)</c>. <c>Append(0, data) == Compute(data)</c>.
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        while (data.Length >= 8)
        {
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        foreach (byte b in data) c = BitOperations.Crc32C(c, b);
        return ~c;
    }
}
