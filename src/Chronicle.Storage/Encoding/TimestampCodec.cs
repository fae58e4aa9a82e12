using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Delta-of-delta timestamp coding, after Pelkonen et al., "Gorilla: A Fast, Scalable, In-Memory
/// Time Series Database", VLDB 2015, section 4.1.1, with the bucket widths widened for nanosecond
/// timestamps as Prometheus's <c>chunkenc/xor.go</c> widens them for milliseconds. The same state
/// drives encoding (<see cref="Write"/>) and decoding (<see cref="ReadFirst"/>, <see cref="ReadSecond"/>,
/// <see cref="ReadNext"/>).
/// </summary>
/// <remarks>
/// Bit layout of sample i's timestamp t(i), written before the sample's value:
/// <code>
/// i = 0:  t(0)                         64 bits, two's complement
/// i = 1:  d(1) = t(1) - t(0)           unsigned LEB128 varint in 8-bit groups (7 payload bits,
///                                      least significant group first, high bit = more follows),
///                                      1..10 groups; d is taken modulo 2^64 as unsigned, so any
///                                      strictly increasing pair, even long.MinValue -> long.MaxValue, fits
/// i >= 2: D = d(i) - d(i-1)            (modulo 2^64, as a signed 64-bit number)
///         '0'                          D = 0
///         '10'   + 16 bits             D in [-2^15, 2^15)        two's complement
///         '110'  + 26 bits             D in [-2^25, 2^25)        (about ±33 ms)
///         '1110' + 36 bits             D in [-2^35, 2^35)        (about ±34 s)
///         '1111' + 64 bits             any D
/// </code>
/// Regular series cost one bit per timestamp; the paper's 7/9/12/32-bit buckets assume seconds,
/// where nanosecond jitter of even a microsecond would fall into its last bucket. The decoder
/// rejects a chunk whose timestamps are not strictly increasing.
/// </remarks>
internal struct TimestampCodec
{
    private long _previous;
    private ulong _previousDelta;

    /// <summary>Creates a codec at the start of a chunk.</summary>
    public TimestampCodec()
    {
    }

    /// <summary>Resumes decoding mid-chunk from the state another decoder reached (see <see cref="FastChunkDecoder"/>).</summary>
    /// <param name="previous">The previous timestamp, nanoseconds.</param>
    /// <param name="previousDelta">The previous delta, nanoseconds, modulo 2^64.</param>
    public TimestampCodec(long previous, ulong previousDelta)
    {
        _previous = previous;
        _previousDelta = previousDelta;
    }

    /// <summary>The previous timestamp, nanoseconds.</summary>
    public readonly long Previous => _previous;

    /// <summary>The previous delta, nanoseconds, modulo 2^64.</summary>
    public readonly ulong PreviousDelta => _previousDelta;

    /// <summary>Appends the timestamp of sample <paramref name="index"/> (callers enforce strict increase).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref BitWriter writer, long timestamp, int index)
    {
        if (index >= 2)
        {
            ulong delta = unchecked((ulong)(timestamp - _previous));
            long dod = unchecked((long)(delta - _previousDelta));
            WriteDeltaOfDelta(ref writer, dod);
            _previousDelta = delta;
        }
        else if (index == 1)
        {
            ulong delta = unchecked((ulong)(timestamp - _previous));
            WriteVarint(ref writer, delta);
            _previousDelta = delta;
        }
        else
        {
            writer.WriteBits(unchecked((ulong)timestamp), 64);
        }

        _previous = timestamp;
    }

    /// <summary>Reads the first timestamp.</summary>
    public long ReadFirst(ref BitReader reader)
    {
        _previous = unchecked((long)reader.Read(64));
        return _previous;
    }

    /// <summary>Reads the second timestamp.</summary>
    /// <exception cref="InvalidDataException">Corrupt varint or not increasing.</exception>
    public long ReadSecond(ref BitReader reader)
    {
        ulong delta = ReadVarint(ref reader);
        _previousDelta = delta;
        return Advance(delta);
    }

    /// <summary>Reads the timestamp of a sample after the second.</summary>
    /// <exception cref="InvalidDataException">Truncated or not increasing.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadNext(ref BitReader reader)
    {
        ulong window = reader.Peek();
        if ((long)window >= 0)
        {
            reader.Skip(1);
            return Advance(_previousDelta);
        }

        long dod;
        switch (BitOperations.LeadingZeroCount(~window))
        {
            case 1:
                dod = (long)(window << 2) >> 48;
                reader.Skip(2 + 16);
                break;
            case 2:
                dod = (long)(window << 3) >> 38;
                reader.Skip(3 + 26);
                break;
            case 3:
                dod = (long)(window << 4) >> 28;
                reader.Skip(4 + 36);
                break;
            default:
                reader.Skip(4);
                dod = unchecked((long)reader.Read(64));
                break;
        }

        ulong delta = unchecked(_previousDelta + (ulong)dod);
        _previousDelta = delta;
        return Advance(delta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Advance(ulong delta)
    {
        long next = unchecked(_previous + (long)delta);
        if (next <= _previous)
        {
            ThrowNotIncreasing(_previous, next);
        }

        _previous = next;
        return next;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteDeltaOfDelta(ref BitWriter writer, long dod)
    {
        if (dod == 0)
        {
            writer.WriteZeros(1);
        }
        else if (Fits(dod, 16))
        {
            writer.WriteBits((0b10UL << 16) | ((ulong)dod & 0xFFFF), 2 + 16);
        }
        else if (Fits(dod, 26))
        {
            writer.WriteBits((0b110UL << 26) | ((ulong)dod & ((1UL << 26) - 1)), 3 + 26);
        }
        else if (Fits(dod, 36))
        {
            writer.WriteBits((0b1110UL << 36) | ((ulong)dod & ((1UL << 36) - 1)), 4 + 36);
        }
        else
        {
            writer.WriteBits(0b1111, 4);
            writer.WriteBits(unchecked((ulong)dod), 64);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Fits(long value, int bits) => value >= -(1L << (bits - 1)) && value < (1L << (bits - 1));

    private static void WriteVarint(ref BitWriter writer, ulong value)
    {
        while (value >= 0x80)
        {
            writer.WriteBits((value & 0x7F) | 0x80, 8);
            value >>= 7;
        }

        writer.WriteBits(value, 8);
    }

    private static ulong ReadVarint(ref BitReader reader)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            ulong group = reader.ReadSmall(8);
            if (shift == 63 && group > 1)
            {
                break;
            }

            value |= (group & 0x7F) << shift;
            if (group < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("Chunk is corrupt: the second timestamp's delta varint is longer than 64 bits.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowNotIncreasing(long previous, long next) =>
        throw new InvalidDataException($"Chunk is corrupt: timestamp {next} does not follow {previous} in strictly increasing order.");
}
