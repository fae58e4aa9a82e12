using System.Buffers.Binary;
using System.Numerics;

namespace Chronicle.Storage.Segments;

/// <summary>
/// CRC32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF) over
/// <see cref="BitOperations.Crc32C(uint, ulong)"/>, hardware accelerated where available. The check
/// value of "123456789" is 0xE3069283.
/// </summary>
internal static class SegmentChecksum
{
    /// <summary>CRC32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Extends <paramref name="crc"/> (a finished CRC32C of the preceding bytes, 0 for none) with <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        while (data.Length >= 8)
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) state = BitOperations.Crc32C(state, b);
        return ~state;
    }
}
