using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// BIGINT values as zigzag deltas, bit-packed per sample with an adaptive width. The same state
/// drives encoding and decoding.
/// </summary>
/// <remarks>
/// Bit layout of sample i's value v(i), written after the sample's timestamp:
/// <code>
/// i = 0:  v(0)                                64 bits, two's complement
/// i >= 1: d = v(i) - v(i-1)                   modulo 2^64 (unchecked), so long.MinValue to
///                                             long.MaxValue and back round-trips
///         z = zigzag(d) = (d &lt;&lt; 1) ^ (d &gt;&gt; 63)
///         '0'                                 d equals the previous d (0 before the first:
///                                             constant series and constant-rate counters
///                                             cost one bit per sample)
///         '10' + z in W bits                  W = the current width
///         '11' + (w - 1): 6 bits + z in w     a new width w = bit length of z (at least 1);
///                                             it becomes the current width W
/// </code>
/// The encoder keeps W while z fits in it and W exceeds z's length by at most 6 bits (what a
/// new width costs), else it sets a new one. This is the per-sample form of the bit-packing that
/// InfluxDB's <c>tsm1/int.go</c> does with simple8b blocks: it lets the head chunk stay a complete
/// chunk after every append without re-packing a pending block, and still packs constant deltas in
/// one bit (simple8b's run-length case).
/// </remarks>
internal struct BigIntDeltaCodec : IValueReader
{
    private const int WidthSlack = 6;
    private ulong _previous;
    private ulong _previousDelta;
    private int _width;

    /// <summary>Creates a codec at the start of a chunk.</summary>
    public BigIntDeltaCodec()
    {
    }

    /// <summary>Resumes decoding mid-chunk from the state another decoder reached (see <see cref="FastChunkDecoder"/>).</summary>
    /// <param name="previous">The previous value.</param>
    /// <param name="previousDelta">The previous delta, modulo 2^64.</param>
    /// <param name="width">The current width, 0 while none is set.</param>
    public BigIntDeltaCodec(ulong previous, ulong previousDelta, int width)
    {
        _previous = previous;
        _previousDelta = previousDelta;
        _width = width;
    }

    /// <summary>The previous value.</summary>
    public readonly ulong Previous => _previous;

    /// <summary>The previous delta, modulo 2^64.</summary>
    public readonly ulong PreviousDelta => _previousDelta;

    /// <summary>The current width, 0 while none is set.</summary>
    public readonly int Width => _width;

    /// <summary>Appends value <paramref name="value"/> of sample <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref BitWriter writer, long value, int index)
    {
        ulong current = unchecked((ulong)value);
        if (index == 0)
        {
            writer.WriteBits(current, 64);
            _previous = current;
            return;
        }

        ulong delta = unchecked(current - _previous);
        _previous = current;
        if (delta == _previousDelta)
        {
            writer.WriteZeros(1);
            return;
        }

        _previousDelta = delta;
        ulong zigzag = ZigZag(delta);
        int width = Math.Max(1, 64 - BitOperations.LeadingZeroCount(zigzag));
        if (_width != 0 && width <= _width && _width - width <= WidthSlack)
        {
            writer.WriteBits(0b10, 2);
            writer.WriteBits(zigzag, _width);
            return;
        }

        _width = width;
        writer.WriteBits((0b11UL << 6) | (ulong)(width - 1), 2 + 6);
        writer.WriteBits(zigzag, width);
    }

    /// <summary>Reads the first value.</summary>
    public long ReadFirst(ref BitReader reader)
    {
        _previous = reader.Read(64);
        return unchecked((long)_previous);
    }

    /// <summary>Reads the value of a sample after the first.</summary>
    /// <exception cref="InvalidDataException">Truncated, or a width reused before being set.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadNext(ref BitReader reader)
    {
        ulong window = reader.Peek();
        if ((long)window >= 0)
        {
            reader.Skip(1);
        }
        else
        {
            if ((window & (1UL << 62)) == 0)
            {
                if (_width == 0)
                {
                    throw new InvalidDataException("Chunk is corrupt: a BIGINT delta reuses a bit width before any was set.");
                }

                reader.Skip(2);
            }
            else
            {
                _width = (int)((window << 2) >> 58) + 1;
                reader.Skip(8);
            }

            _previousDelta = UnZigZag(reader.Read(_width));
        }

        _previous = unchecked(_previous + _previousDelta);
        return unchecked((long)_previous);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ZigZag(ulong delta) => (delta << 1) ^ (ulong)((long)delta >> 63);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong UnZigZag(ulong zigzag) => (zigzag >> 1) ^ (0UL - (zigzag & 1));
}
