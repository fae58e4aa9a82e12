using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// <see cref="FastChunkDecoder"/>'s value reading for DOUBLE chunks (<see cref="DoubleXorCodec"/>'s forms:
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(ref byte data, ulong window, int at, out int end, out long value)
    {
        int bitsAt, significant, trailing;
        if ((long)window >= 0)
        {
            // '0': the value repeats (an empty XOR).
            end = at + 1;
            value = (long)_previous;
            return true;
        }

        if ((window & (1UL << 62)) == 0)
        {
            // '10': reuse the window.
            significant = _significant;
            trailing = _trailing;
            if (significant == 0)
            {
                end = at;
                value = 0;
                return false;
            }

            bitsAt = at + 2;
        }
        else if ((window & (1UL << 61)) == 0)
        {
            // '110': new leading count, no trailing zeros.
            bitsAt = at + 8;
            significant = 64 - (int)((window << 3) >> 59);
            trailing = 0;
        }
        else
        {
            // '111': new leading and meaningful counts (0 stands for 64).
            bitsAt = at + 14;
            significant = (((int)((window << 8) >> 58) - 1) & 63) + 1;
            trailing = 64 - (int)((window << 3) >> 59) - significant;
            if (trailing < 0)
            {
                end = at;
                value = 0;
                return false;
            }
        }

        _previous ^= FastChunkDecoder.Read(ref data, bitsAt, significant) << trailing;
        _significant = significant;
        _trailing = trailing;
        end = bitsAt + significant;
        value = (long)_previous;
        return true;
    }
}
