using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// <see cref="FastChunkDecoder"/>'s value reading for BIGINT chunks (<see cref="BigIntDeltaCodec"/>'s forms:
/// '0', '10', '11'). A width reused before one is set ends the batch for the codec to reject.
/// </summary>
internal struct BigIntDeltaFastValues : IFastValues<BigIntDeltaFastValues, BigIntDeltaCodec>
{
    private ulong _previous;
    private ulong _previousDelta;

    /// <summary>The current width, 0 while none is set.</summary>
    private int _width;

    /// <inheritdoc/>
    public static int MaxValueBits => 2 + 6 + 64;

    /// <inheritdoc/>
    public static BigIntDeltaFastValues From(in BigIntDeltaCodec codec) => new()
    {
        _previous = codec.Previous,
        _previousDelta = codec.PreviousDelta,
        _width = codec.Width,
    };

    /// <inheritdoc/>
    public readonly BigIntDeltaCodec ToCodec() => new(_previous, _previousDelta, _width);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(ref byte data, ulong window, int at, out int end, out long value)
    {
        if ((long)window >= 0)
        {
            // '0': the value delta repeats.
            end = at + 1;
        }
        else
        {
            int bitsAt, width;
            if ((window & (1UL << 62)) == 0)
            {
                // '10': the current width.
                width = _width;
                if (width == 0)
                {
                    end = at;
                    value = 0;
                    return false;
                }

                bitsAt = at + 2;
            }
            else
            {
                // '11': a new width (6 bits, minus one).
                width = (int)((window << 2) >> 58) + 1;
                bitsAt = at + 8;
            }

            ulong zigzag = FastChunkDecoder.Read(ref data, bitsAt, width);
            _previousDelta = (zigzag >> 1) ^ (0UL - (zigzag & 1));
            _width = width;
            end = bitsAt + width;
        }

        _previous += _previousDelta;
        value = (long)_previous;
        return true;
    }
}
