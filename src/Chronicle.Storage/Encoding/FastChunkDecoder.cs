using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Decodes numeric chunks (DOUBLE and BIGINT) in loops that keep the whole decoder state in
/// registers. It yields the same samples and the same <see cref="InvalidDataException"/>s as the
/// codecs' own <c>ReadNext</c> loop (<see cref="ChunkCodec.DecodeNumeric{TValues}"/>), which takes
/// over for the first two samples, the last bytes of the chunk and any sample it would reject.
/// </summary>
/// <remarks>
/// <para>
/// The codecs' loop keeps its position in the bit reader's fields and checks the span's bounds on
/// every peek and skip; the JIT keeps that state in memory, and the decode cost about 4 ns per
/// sample on full-precision DOUBLE data. These loops are about 1.5x faster. Per sample:
/// </para>
/// <list type="number">
/// <item>one unaligned 64-bit load at the sample's first bit; a regular timestamp ('0', the common
/// case) leaves at least 56 bits after it, enough for the longest value header (14 bits), so the
/// value's form is read from the same load (<see cref="ReadTimestamp"/>);</item>
/// <item>the value's bits are taken with a second load, at the position the header gives;</item>
/// <item>nothing is called: a sample the codecs would reject (a timestamp that does not increase, a
/// window or width reused before one is set, a window wider than 64 bits) ends the loop before it
/// is consumed, and the codecs then decode it and throw.</item>
/// </list>
/// <para>
/// The value forms stay branches, not masks: with the branches predicted, where the next sample
/// starts is a sum of known lengths and the loads are off that chain; a branch-free selection of
/// the XOR window form put both loads on it and measured 1.8x slower than the codecs' loop.
/// </para>
/// <para>
/// Loads never pass the chunk's end. The loops run in batches of samples that start at least
/// <see cref="Margin"/> bytes before the end, counted with the longest sample of the type (at most
/// 20 bytes from its first byte); the codecs, which check for truncation, decode the rest.
/// </para>
/// </remarks>
internal static class FastChunkDecoder
{
    /// <summary>Bytes the fast loop keeps between a sample's first byte and the chunk's end.</summary>
    public const int Margin = 24;

    /// <summary>The most bits a timestamp after the second takes ('1111' and 64 bits).</summary>
    public const int MaxTimestampBits = 68;

    /// <summary>The timestamp half of the decoder state between batches.</summary>
    public struct TimeState
    {
        /// <summary>The bit position of the next sample.</summary>
        public int Position;

        /// <summary>The previous timestamp, nanoseconds.</summary>
        public long PreviousTime;

        /// <summary>The previous delta, nanoseconds, modulo 2^64.</summary>
        public ulong Delta;
    }

    /// <summary>Decodes <paramref name="timestamps"/>.Length samples from <paramref name="reader"/>.</summary>
    /// <typeparam name="TValues">The fast loop of the value codec.</typeparam>
    /// <typeparam name="TCodec">The value codec.</typeparam>
    /// <param name="chunk">The whole chunk the reader reads (its header included).</param>
    /// <param name="reader">Positioned at the first sample.</param>
    /// <param name="timestamps">Receives the timestamps, nanoseconds; its length is the sample count (at least 1).</param>
    /// <param name="values">Receives the value words; at least as long as <paramref name="timestamps"/>.</param>
    /// <param name="value">The value codec at the start of a chunk.</param>
    /// <param name="maxTime">The last timestamp wanted, nanoseconds: decoding stops at the first sample after it.</param>
    /// <returns>The number of samples decoded: all of them, or the index of the first after <paramref name="maxTime"/>.</returns>
    /// <exception cref="InvalidDataException">The chunk is truncated or corrupt (in the part decoded).</exception>
    public static int Decode<TValues, TCodec>(ReadOnlySpan<byte> chunk, ref BitReader reader, Span<long> timestamps, Span<long> values, TCodec value, long maxTime)
        where TValues : struct, IFastValues<TValues, TCodec>
        where TCodec : struct, IValueReader
    {
        var time = new TimestampCodec();
        int count = timestamps.Length;
        values = values[..count];
        timestamps[0] = time.ReadFirst(ref reader);
        if (timestamps[0] > maxTime)
        {
            return 0;
        }

        values[0] = value.ReadFirst(ref reader);
        if (count == 1)
        {
            return 1;
        }

        timestamps[1] = time.ReadSecond(ref reader);
        if (timestamps[1] > maxTime)
        {
            return 1;
        }

        values[1] = value.ReadNext(ref reader);

        var t = new TimeState { Position = reader.BitPosition, PreviousTime = time.Previous, Delta = time.PreviousDelta };
        var v = TValues.From(value);
        ref byte data = ref MemoryMarshal.GetReference(chunk);
        int lastBit = (chunk.Length - Margin) * 8;
        int i = 2;
        while (i < count && t.Position <= lastBit)
        {
            // samples that surely start before the margin: none spans more than the longest sample
            int batch = Math.Min(count - i, (lastBit - t.Position) / (MaxTimestampBits + TValues.MaxValueBits) + 1);
            int decoded = DecodeBatch<TValues, TCodec>(ref v, ref data, ref Unsafe.Add(ref MemoryMarshal.GetReference(timestamps), i), ref Unsafe.Add(ref MemoryMarshal.GetReference(values), i), batch, ref t);
            i += decoded;
            if (decoded > 0 && timestamps[i - 1] > maxTime)
            {
                // the batch ran past the range's end: keep what precedes it (a batch is a few dozen samples)
                int from = i - decoded;
                return from + timestamps[from..i].IndexOfAnyExceptInRange(long.MinValue, maxTime);
            }

            if (decoded < batch)
            {
                break;
            }
        }

        if (i == count)
        {
            return count;
        }

        time = new TimestampCodec(t.PreviousTime, t.Delta);
        value = v.ToCodec();
        reader = new BitReader(chunk, t.Position);
        for (; i < count; i++)
        {
            timestamps[i] = time.ReadNext(ref reader);
            if (timestamps[i] > maxTime)
            {
                return i;
            }

            values[i] = value.ReadNext(ref reader);
        }

        return count;
    }

    /// <summary>
    /// Decodes up to <paramref name="count"/> samples into <paramref name="ts"/> and
    /// <paramref name="vs"/>, all starting at least <see cref="Margin"/> bytes before the chunk's
    /// end; returns how many it decoded. It stops before a sample the codecs would reject, without
    /// consuming it, so that the loop makes no calls and its state stays in registers.
    /// </summary>
    private static int DecodeBatch<TValues, TCodec>(ref TValues state, ref byte data, ref long ts, ref long vs, int count, ref TimeState time)
        where TValues : struct, IFastValues<TValues, TCodec>
        where TCodec : struct, IValueReader
    {
        int position = time.Position;
        long previousTime = time.PreviousTime;
        ulong delta = time.Delta;
        TValues values = state;
        nint i = 0;
        for (; i < count; i++)
        {
            int at = position;
            ulong nextDelta = delta;
            ulong window = ReadTimestamp(ref data, ref at, ref nextDelta);
            long next = previousTime + (long)nextDelta;
            if (next <= previousTime || !values.TryRead(ref data, window, at, out int end, out long value))
            {
                break;
            }

            position = end;
            delta = nextDelta;
            previousTime = next;
            Unsafe.Add(ref ts, i) = next;
            Unsafe.Add(ref vs, i) = value;
        }

        time.Position = position;
        time.PreviousTime = previousTime;
        time.Delta = delta;
        state = values;
        return (int)i;
    }

    /// <summary>
    /// Reads the timestamp of the sample at bit <paramref name="at"/> (after the second): advances
    /// <paramref name="at"/> past it, adds its delta of delta to <paramref name="delta"/>, and
    /// returns the bits from the value's first bit on (at least 56 of them the chunk's).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadTimestamp(ref byte data, ref int at, ref ulong delta)
    {
        ulong window = Load(ref data, at);
        if ((long)window >= 0)
        {
            // '0': the delta repeats; the value's bits follow in the same window.
            at++;
            return window << 1;
        }

        // an irregular delta: '10', '110', '1110' or '1111' and the delta of delta
        switch (BitOperations.LeadingZeroCount(~window))
        {
            case 1:
                delta += (ulong)((long)(window << 2) >> 48);
                at += 2 + 16;
                break;
            case 2:
                delta += (ulong)((long)(window << 3) >> 38);
                at += 3 + 26;
                break;
            case 3:
                delta += (ulong)((long)(window << 4) >> 28);
                at += 4 + 36;
                break;
            default:
                delta += ReadWide(ref data, at + 4, 64);
                at += 4 + 64;
                break;
        }

        return Load(ref data, at);
    }

    /// <summary>The 64 bits from bit <paramref name="position"/>, the first most significant; at least 57 are the chunk's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Load(ref byte data, int position) =>
        BigEndian.Load(ref Unsafe.Add(ref data, position >> 3)) << (position & 7);

    /// <summary>Reads <paramref name="bits"/> bits (1 to 64) at <paramref name="position"/>: one load up to 57 bits, two above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read(ref byte data, int position, int bits) =>
        bits <= 57 ? Load(ref data, position) >> (64 - bits) : ReadWide(ref data, position, bits);

    /// <summary>Reads 33 to 64 bits at <paramref name="position"/> in two loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadWide(ref byte data, int position, int bits)
    {
        ulong high = Load(ref data, position) >> (64 - (bits - 32));
        ulong low = Load(ref data, position + bits - 32) >> 32;
        return (high << 32) | low;
    }
}
