using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Gorilla XOR coding of DOUBLE values (their IEEE-754 bit patterns), after Pelkonen et al.,
/// "Gorilla: A Fast, Scalable, In-Memory Time Series Database", VLDB 2015, section 4.1.2, in the
/// variant of Prometheus's <c>chunkenc/xor.go</c>. The same state drives encoding and decoding.
/// </summary>
/// <remarks>
/// Bit layout of sample i's value v(i), written after the sample's timestamp:
/// <code>
/// i = 0:  v(0)                                   64 bits
/// i >= 1: x = v(i) XOR v(i-1)
///         '0'                                    x = 0 (value repeated)
///         '10'  + S bits                         x's meaningful bits fit the previous window
///                                                (L leading, S = 64 - L - T meaningful,
///                                                T trailing zero bits): x &gt;&gt; T in S bits
///         '11'  + L: 5 bits + S: 6 bits          a new window: L = leading zeros of x capped
///               + S bits                         at 31, T = trailing zeros, S = 64 - L - T
///                                                stored as S mod 64 (0 means 64); x &gt;&gt; T
/// </code>
/// The window is reused whenever x's leading and trailing zero counts are at least the
/// previous window's. Values are handled as raw bits, so NaN payloads, ±infinity and -0.0
/// round-trip bit-exactly.
/// </remarks>
internal struct DoubleXorCodec
{
    private const int NoWindow = 0xFF;
    private ulong _previous;
    private int _leading;
    private int _trailing;

    /// <summary>Creates a codec with no XOR window yet.</summary>
    public DoubleXorCodec()
    {
        _leading = NoWindow;
    }

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
            writer.WriteBits(0, 1);
            return;
        }

        int leading = Math.Min(BitOperations.LeadingZeroCount(xor), 31);
        int trailing = BitOperations.TrailingZeroCount(xor);
        if (_leading != NoWindow && leading >= _leading && trailing >= _trailing)
        {
            int significant = 64 - _leading - _trailing;
            writer.WriteBits(0b10, 2);
            writer.WriteBits(xor >> _trailing, significant);
            return;
        }

        _leading = leading;
        _trailing = trailing;
        int sig = 64 - leading - trailing;
        writer.WriteBits((0b11UL << 11) | ((ulong)leading << 6) | ((ulong)sig & 63), 2 + 5 + 6);
        writer.WriteBits(xor >> trailing, sig);
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
        else
        {
            int leading = (int)((window << 2) >> 59);
            int sig = (int)((window << 7) >> 58);
            if (sig == 0)
            {
                sig = 64;
            }

            if (leading + sig > 64)
            {
                ThrowCorrupt($"an XOR window of {leading} leading and {sig} meaningful bits exceeds 64 bits");
            }

            _leading = leading;
            _trailing = 64 - leading - sig;
            if (sig <= 44)
            {
                xor = (window << 13) >> (64 - sig);
                reader.Skip(13 + sig);
            }
            else
            {
                reader.Skip(13);
                xor = reader.Read(sig);
            }
        }

        _previous ^= xor << _trailing;
        return unchecked((long)_previous);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCorrupt(string what) => throw new InvalidDataException($"Chunk is corrupt: {what}.");
}
