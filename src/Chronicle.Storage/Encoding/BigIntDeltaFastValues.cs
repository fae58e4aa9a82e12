using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// <see cref="FastChunkDecoder"/>'s loop for BIGINT chunks (<see cref="BigIntDeltaCodec"/>'s forms:
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
    public int DecodeBatch(ref byte data, ref long ts, ref long vs, int count, ref FastChunkDecoder.TimeState time)
    {
        int position = time.Position;
        long previousTime = time.PreviousTime;
        ulong delta = time.Delta;
        ulong previous = _previous;
        ulong previousDelta = _previousDelta;
        int width = _width;
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

            if ((long)window >= 0)
            {
                // '0': the value delta repeats.
                position = at + 1;
            }
            else
            {
                int bitsAt;
                if ((window & (1UL << 62)) == 0)
                {
                    // '10': the current width.
                    if (width == 0)
                    {
                        break;
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
                previousDelta = (zigzag >> 1) ^ (0UL - (zigzag & 1));
                position = bitsAt + width;
            }

            previous += previousDelta;
            delta = nextDelta;
            previousTime = next;
            Unsafe.Add(ref ts, i) = next;
            Unsafe.Add(ref vs, i) = (long)previous;
        }

        time.Position = position;
        time.PreviousTime = previousTime;
        time.Delta = delta;
        _previous = previous;
        _previousDelta = previousDelta;
        _width = width;
        return (int)i;
    }
}
