using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Gorilla XOR coding of DOUBLE values (their IEEE-754 bit patterns), after Pelkonen et al.,
/// "Gorilla: A Fast, Scalable, In-Memory Time Series Database", VLDB 2015, section 4.1.2, as
/// Prometheus's <c>chunkenc/xor.go</c> implements it plus one window form. The same state drives
/// encoding and decoding.
/// </summary>
/// <remarks>
/// Bit layout of sample i's value v(i), written after the sample's timestamp:
/// <code>
/// i = 0:  v(0)                                   64 bits
/// i >= 1: x = v(i) XOR v(i-1); L = leading zero bits of x capped at 31, T = trailing zero bits
///         '0'                                    x = 0 (value repeated)
///         '10'  + x &gt;&gt; T' in 64 - L' - T' bits  reuse the current window (L', T'); valid when
///                                                L &gt;= L' and T &gt;= T'
///         '110' + L: 5 bits                      new window (L, 0): for values whose low bits
///               + x in 64 - L bits               are all meaningful, as full-precision data
///         '111' + L: 5 bits + M: 6 bits          new window (L, T) with M = 64 - L - T
///               + x &gt;&gt; T in M bits              meaningful bits, stored as M mod 64 (0 = 64)
/// </code>
/// The new window becomes the current one. The encoder writes whichever applicable form is
/// shortest. Gorilla and Prometheus have only '10' and '11' + 5 + 6 bits, and reuse the window
/// whenever x fits in it; the '110' form and the shortest-form choice cut full-precision random
/// walks (TSBS-like data) by about 3% and cost the decoder one more branch. Values are handled as
/// raw bits, so NaN payloads, ±infinity and -0.0 round-trip bit-exactly.
/// </remarks>
internal struct DoubleXorCodec : IValueReader
{
    /// <summary>The leading-zero count that marks "no window set yet" (<see cref="Leading"/> before the first new window).</summary>
    internal const int NoWindow = 0xFF;

    private ulong _previous;
    private int _leading;
    private int _trailing;

    /// <summary>Creates a codec with no XOR window yet.</summary>
    public DoubleXorCodec()
    {
        _leading = NoWindow;
    }

    /// <summary>Resumes decoding mid-chunk from the state another decoder reached (see <see cref="FastChunkDecoder"/>).</summary>
    /// <param name="previous">The previous value's bits.</param>
    /// <param name="leading">The current window's leading zero bits, or <see cref="NoWindow"/>.</param>
    /// <param name="trailing">The current window's trailing zero bits.</param>
    public DoubleXorCodec(ulong previous, int leading, int trailing)
    {
        _previous = previous;
        _leading = leading;
        _trailing = trailing;
    }

    /// <summary>The previous value's bits.</summary>
    public readonly ulong Previous => _previous;

    /// <summary>The current window's leading zero bits, or <see cref="NoWindow"/> while none is set.</summary>
    public readonly int Leading => _leading;

    /// <summary>The current window's trailing zero bits.</summary>
    public readonly int Trailing => _trailing;

    /// <summary>Appends value bits <paramref name="bits"/> of sample <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref BitWriter writer, long bits, int index)
    {
        ulong value = unchecked((ulong)bits);
        if (index == 0)
        {
            writer.WriteBits(value, 64);
            _previous = value;
            return;
        }

        ulong xor = value ^ _previous;
        _previous = value;
        if (xor == 0)
        {
            writer.WriteZeros(1);
            return;
        }

        int leading = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
        int trailing = BitOperations.TrailingZeroCount(xor);
        int meaningful = 64 - leading - trailing;
        int reuseBits = _leading == NoWindow || leading < _leading || trailing < _trailing ? int.MaxValue : 2 + 64 - _leading - _trailing;
        int noTrailingBits = 3 + 5 + 64 - leading;
        int fullBits = 3 + 5 + 6 + meaningful;
        if (reuseBits <= noTrailingBits && reuseBits <= fullBits)
        {
            int significant = 64 - _leading - _trailing;
            if (significant <= 54)
            {
                writer.WriteBits((0b10UL << significant) | (xor >> _trailing), 2 + significant);
            }
            else
            {
                writer.WriteBits(0b10, 2);
                writer.WriteBits(xor >> _trailing, significant);
            }
        }
        else if (noTrailingBits <= fullBits)
        {
            _leading = leading;
            _trailing = 0;
            if (leading >= 16)
            {
                writer.WriteBits((0b110UL << (69 - leading)) | ((ulong)leading << (64 - leading)) | xor, 8 + 64 - leading);
            }
            else
            {
                writer.WriteBits((0b110UL << 5) | (ulong)leading, 3 + 5);
                writer.WriteBits(xor, 64 - leading);
            }
        }
        else
        {
            _leading = leading;
            _trailing = trailing;
            writer.WriteBits((0b111UL << 11) | ((ulong)leading << 6) | ((ulong)meaningful & 63), 3 + 5 + 6);
            writer.WriteBits(xor >> trailing, meaningful);
        }
    }

    /// <summary>Reads the first value.</summary>
    public long ReadFirst(ref BitReader reader)
    {
        _previous = reader.Read(64);
        return unchecked((long)_previous);
    }

    /// <summary>Reads the value of a sample after the first.</summary>
    /// <exception cref="InvalidDataException">Truncated, or a window that is reused before being set or exceeds 64 bits.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadNext(ref BitReader reader)
    {
        ulong window = reader.Peek();
        if ((long)window >= 0)
        {
            reader.Skip(1);
            return unchecked((long)_previous);
        }

        ulong xor;
        if ((window & (1UL << 62)) == 0)
        {
            // '10': reuse the window.
            if (_leading == NoWindow)
            {
                ThrowCorrupt("a value reuses an XOR window before any was set");
            }

            int significant = 64 - _leading - _trailing;
            if (significant <= 55)
            {
                xor = (window << 2) >> (64 - significant);
                reader.Skip(2 + significant);
            }
            else
            {
                reader.Skip(2);
                xor = reader.Read(significant);
            }
        }
        else if ((window & (1UL << 61)) == 0)
        {
            // '110': new leading count, no trailing zeros.
            int leading = (int)((window << 3) >> 59);
            int significant = 64 - leading;
            _leading = leading;
            _trailing = 0;
            if (significant <= 49)
            {
                xor = (window << 8) >> (64 - significant);
                reader.Skip(8 + significant);
            }
            else
            {
                reader.Skip(8);
                xor = reader.Read(significant);
            }
        }
        else
        {
            // '111': new leading and meaningful counts.
            int leading = (int)((window << 3) >> 59);
            int significant = (int)((window << 8) >> 58);
            if (significant == 0)
            {
                significant = 64;
            }

            if (leading + significant > 64)
            {
                ThrowCorrupt($"an XOR window of {leading} leading and {significant} meaningful bits exceeds 64 bits");
            }

            _leading = leading;
            _trailing = 64 - leading - significant;
            if (significant <= 43)
            {
                xor = (window << 14) >> (64 - significant);
                reader.Skip(14 + significant);
            }
            else
            {
                reader.Skip(14);
                xor = reader.Read(significant);
            }
        }

        _previous ^= xor << _trailing;
        return unchecked((long)_previous);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowCorrupt(string what) => throw new InvalidDataException($"Chunk is corrupt: {what}.");
}
