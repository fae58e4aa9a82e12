using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// <see cref="FastChunkDecoder"/>'s loop for DOUBLE chunks (<see cref="DoubleXorCodec"/>'s forms:
/// '0', '10', '110', '111'). Corrupt forms (a window reused before one is set, a window wider than
/// 64 bits) end the batch for the codec to reject.
/// </summary>
internal struct DoubleXorFastValues : IFastValues<DoubleXorFastValues, DoubleXorCodec>
{
    private ulong _previous;
    private int _trailing;

    /// <summary>The current window's meaningful bits, 0 while no window is set.</summary>
    private int _significant;

    /// <inheritdoc/>
    public static int MaxValueBits => 3 + 5 + 6 + 64;

    /// <inheritdoc/>
    public static DoubleXorFastValues From(in DoubleXorCodec codec) => new()
    {
        _previous = codec.Previous,
        _trailing = codec.Trailing,
        _significant = codec.Leading == DoubleXorCodec.NoWindow ? 0 : 64 - codec.Leading - codec.Trailing,
    };

    /// <inheritdoc/>
    public readonly DoubleXorCodec ToCodec() =>
        new(_previous, _significant == 0 ? DoubleXorCodec.NoWindow : 64 - _significant - _trailing, _trailing);

    /// <inheritdoc/>
    public int DecodeBatch(ref byte data, ref long ts, ref long vs, int count, ref FastChunkDecoder.TimeState time)
    {
        int position = time.Position;
        long previousTime = time.PreviousTime;
        ulong delta = time.Delta;
        ulong previous = _previous;
        int trailing = _trailing;
        int significant = _significant;
        nint i = 0;
        for (; i < count; i++)
        {
            int at = position;
            ulong nextDelta = delta;
            ulong window = FastChunkDecoder.ReadTimestamp(ref data, ref at, ref nextDelta);
            long next = previousTime + (long)nextDelta;
            if (next <= previousTime)
            {
                break;
            }

            int bitsAt, nextSignificant, nextTrailing;
            if ((long)window >= 0)
            {
                // '0': the value repeats (an empty XOR).
                bitsAt = at + 1;
                nextSignificant = significant;
                nextTrailing = trailing;
            }
            else if ((window & (1UL << 62)) == 0)
            {
                // '10': reuse the window.
                if (significant == 0)
                {
                    break;
                }

                bitsAt = at + 2;
                nextSignificant = significant;
                nextTrailing = trailing;
            }
            else if ((window & (1UL << 61)) == 0)
            {
                // '110': new leading count, no trailing zeros.
                bitsAt = at + 8;
                nextSignificant = 64 - (int)((window << 3) >> 59);
                nextTrailing = 0;
            }
            else
            {
                // '111': new leading and meaningful counts (0 stands for 64).
                bitsAt = at + 14;
                nextSignificant = (((int)((window << 8) >> 58) - 1) & 63) + 1;
                nextTrailing = 64 - (int)((window << 3) >> 59) - nextSignificant;
                if (nextTrailing < 0)
                {
                    break;
                }
            }

            if ((long)window < 0)
            {
                previous ^= FastChunkDecoder.Read(ref data, bitsAt, nextSignificant) << nextTrailing;
                position = bitsAt + nextSignificant;
            }
            else
            {
                position = bitsAt;
            }

            delta = nextDelta;
            previousTime = next;
            significant = nextSignificant;
            trailing = nextTrailing;
            Unsafe.Add(ref ts, i) = next;
            Unsafe.Add(ref vs, i) = (long)previous;
        }

        time.Position = position;
        time.PreviousTime = previousTime;
        time.Delta = delta;
        _previous = previous;
        _trailing = trailing;
        _significant = significant;
        return (int)i;
    }
}
