using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// DOUBLE segment chunks as blocks of bit-packed deltas (chunk format version 2): the timestamps'
/// deltas of deltas and the values' deltas, each zigzag-coded and packed 64 to a block at the
/// block's widest bit length. Decoding has no data-dependent branches per sample, so it runs at
/// about a nanosecond per sample, where the Gorilla bit stream of version 1 takes about four.
/// </summary>
/// <remarks>
/// <para>
/// Layout after the 3-byte <see cref="ChunkHeader"/> (version 2, DOUBLE), all little-endian:
/// </para>
/// <code>
/// t(0)                      8 bytes, two's complement
/// d(1) = t(1) - t(0)        8 bytes, modulo 2^64 (present when count &gt;= 2)
/// blocks of D(i) = d(i) - d(i-1), i = 2 .. count-1      (modulo 2^64)
/// v(0)                      8 bytes, the IEEE-754 bits
/// blocks of u(i) - u(i-1), i = 1 .. count-1             u = the value's bits made order-preserving:
///                                                        negative values have their low 63 bits flipped
/// block                     width w: 1 byte (0..64), then ceil(n * w / 8) bytes holding the block's
///                           n (at most 64) zigzag-coded words, word j at bits [j*w, j*w + w),
///                           least significant bit first
/// </code>
/// <para>
/// The scheme is Parquet's DELTA_BINARY_PACKED (parquet-format, Encodings.md) with zigzag instead
/// of a per-block minimum, and with the values' bits mapped so that numerically close doubles are
/// close integers: on a full-precision random walk a value delta takes about 47 bits where Gorilla's
/// XOR takes about 50 and its control bits (Pelkonen et al., VLDB 2015, section 4.1.2), so the
/// chunk is also about 10% smaller. Gorilla stays better for series that repeat values between
/// changes; <see cref="ChunkEncoder.SegmentEncoded"/> writes whichever is smaller. Head chunks stay
/// version 1: a block cannot be written before it is full, and the head chunk must be complete
/// after every append.
/// </para>
/// <para>
/// Unpacking follows Lemire and Boytsov, "Decoding billions of integers per second through
/// vectorization" (Software: Practice and Experience, 2015), section 4, in its scalar form: one
/// unaligned 64-bit load per word. Timestamps must strictly increase; a chunk whose timestamps
/// decode otherwise, or whose blocks run past its end or declare a width above 64, is rejected
/// with an <see cref="InvalidDataException"/>.
/// </para>
/// </remarks>
internal static class DeltaPackedCodec
{
    /// <summary>Words per block (the last block of a stream may hold fewer).</summary>
    public const int BlockLength = 64;

    /// <summary>The most bytes a chunk of <paramref name="count"/> samples can take.</summary>
    public static int MaxLength(int count) => ChunkHeader.Size + 3 * sizeof(long) + 2 * (count / BlockLength + 1) * (1 + BlockLength * sizeof(long));

    /// <summary>Encodes the samples as a version-2 DOUBLE chunk into <paramref name="destination"/>; returns its length.</summary>
    /// <param name="timestamps">Strictly increasing timestamps, nanoseconds; 1 to <see cref="ChunkHeader.MaxCount"/> of them (the caller checks).</param>
    /// <param name="bits">The values' IEEE-754 bits, as many as <paramref name="timestamps"/>.</param>
    /// <param name="destination">At least <see cref="MaxLength"/>(count) bytes.</param>
    public static int Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bits, Span<byte> destination)
    {
        int count = timestamps.Length;
        destination[0] = ChunkHeader.FormatByte(FieldType.Double, ChunkHeader.PackedVersion);
        destination[1] = (byte)(count >> 8);
        destination[2] = (byte)count;
        int p = ChunkHeader.Size;
        Span<ulong> words = stackalloc ulong[BlockLength];
        WriteInt64(destination, ref p, timestamps[0]);
        if (count >= 2)
        {
            WriteInt64(destination, ref p, timestamps[1] - timestamps[0]);
        }

        for (int start = 2; start < count; start += BlockLength)
        {
            int n = Math.Min(BlockLength, count - start);
            for (int j = 0; j < n; j++)
            {
                int i = start + j;
                words[j] = ZigZag((timestamps[i] - timestamps[i - 1]) - (timestamps[i - 1] - timestamps[i - 2]));
            }

            p = WriteBlock(destination, p, words[..n]);
        }

        WriteInt64(destination, ref p, bits[0]);
        for (int start = 1; start < count; start += BlockLength)
        {
            int n = Math.Min(BlockLength, count - start);
            for (int j = 0; j < n; j++)
            {
                int i = start + j;
                words[j] = ZigZag(Ordered(bits[i]) - Ordered(bits[i - 1]));
            }

            p = WriteBlock(destination, p, words[..n]);
        }

        return p;
    }

    /// <summary>
    /// Decodes a version-2 DOUBLE chunk of <paramref name="count"/> (at least 1) samples, stopping
    /// after the last timestamp at or before <paramref name="maxTime"/>; returns how many samples
    /// were written to the starts of the destinations.
    /// </summary>
    /// <exception cref="InvalidDataException">The chunk is truncated or corrupt.</exception>
    public static int Decode(ReadOnlySpan<byte> chunk, int count, Span<long> timestamps, Span<long> values, long maxTime)
    {
        int p = ChunkHeader.Size;
        long time = ReadInt64(chunk, ref p);
        timestamps[0] = time;
        if (time > maxTime)
        {
            return 0;
        }

        int kept = count;
        if (count >= 2)
        {
            ulong delta = (ulong)ReadInt64(chunk, ref p);
            long next = time + (long)delta;
            if (next <= time)
            {
                throw NotIncreasing(1);
            }

            timestamps[1] = time = next;
            if (next > maxTime)
            {
                kept = 1;
            }

            for (int start = 2; start < count; start += BlockLength)
            {
                int n = Math.Min(BlockLength, count - start);
                if (kept < count)
                {
                    // the samples wanted are decoded: skip the rest of the timestamp blocks
                    p += 1 + BlockBytes(chunk, p, n, out _);
                    continue;
                }

                DecodeTimeBlock(chunk, ref p, timestamps.Slice(start, n), ref time, ref delta, start);
                if (time > maxTime)
                {
                    kept = start + timestamps.Slice(start, n).IndexOfAnyExceptInRange(long.MinValue, maxTime);
                }
            }
        }

        long first = ReadInt64(chunk, ref p);
        values[0] = first;
        ulong ordered = (ulong)Ordered(first);
        for (int start = 1; start < kept; start += BlockLength)
        {
            int n = Math.Min(BlockLength, count - start);
            DecodeValueBlock(chunk, ref p, n, values.Slice(start, Math.Min(n, kept - start)), ref ordered);
        }

        return kept;
    }

    /// <summary>
    /// Decodes the timestamp block at <paramref name="p"/> into <paramref name="destination"/> (its
    /// length is the block's word count), continuing from <paramref name="time"/> and
    /// <paramref name="delta"/>; moves past it.
    /// </summary>
    private static void DecodeTimeBlock(ReadOnlySpan<byte> chunk, ref int p, Span<long> destination, ref long time, ref ulong delta, int firstIndex)
    {
        int n = destination.Length;
        int bytes = BlockBytes(chunk, p, n, out int width);
        int at = p + 1;
        p = at + bytes;
        long d = (long)delta;
        if (width == 0 && d > 0 && (Int128)time + (Int128)d * n <= long.MaxValue)
        {
            // a regular block: the delta repeats, and no timestamp overflows
            time = FillRegular(ref MemoryMarshal.GetReference(destination), n, time, d);
            return;
        }

        IrregularTimes(chunk, at, bytes, width, destination, ref time, ref delta, firstIndex);
    }

    /// <summary>The timestamps of a block whose deltas change (width above 0), or that a regular fill could overflow.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void IrregularTimes(ReadOnlySpan<byte> chunk, int at, int bytes, int width, Span<long> destination, ref long time, ref ulong delta, int firstIndex)
    {
        int n = destination.Length;
        Span<ulong> words = stackalloc ulong[BlockLength];
        words = words[..n];
        Unpack(chunk.Slice(at, bytes), chunk.Length - at, width, words, ref Unsafe.Add(ref MemoryMarshal.GetReference(chunk), at));
        long t = time;
        ulong d = delta;
        for (int j = 0; j < n; j++)
        {
            d += Unzig(words[j]);
            long next = t + (long)d;
            if (next <= t)
            {
                throw NotIncreasing(firstIndex + j);
            }

            destination[j] = t = next;
        }

        time = t;
        delta = d;
    }

    /// <summary>
    /// Decodes the value block of <paramref name="n"/> words at <paramref name="p"/>, writing the
    /// first <paramref name="destination"/>.Length values, continuing from <paramref name="ordered"/>; moves past it.
    /// </summary>
    private static void DecodeValueBlock(ReadOnlySpan<byte> chunk, ref int p, int n, Span<long> destination, ref ulong ordered)
    {
        int bytes = BlockBytes(chunk, p, n, out int width);
        int at = p + 1;
        p = at + bytes;
        int m = destination.Length;
        ref long target = ref MemoryMarshal.GetReference(destination);
        ulong u = ordered;
        if (width == 0)
        {
            destination.Fill(Ordered((long)u));
        }
        else if (width <= 56)
        {
            // One unaligned load per word: a word starts at most 7 bits into its first byte, so
            // 56 bits are always inside the load. The last words of a chunk, whose load would pass
            // its end, are read from a zero-padded copy of the block's last bytes.
            int inPlace = Math.Min(m, InPlace(chunk.Length - at, n, width));
            u = SumValues(ref Unsafe.Add(ref MemoryMarshal.GetReference(chunk), at), width, ref target, inPlace, u);
            if (inPlace < m)
            {
                u = SumValuesTail(chunk.Slice(at, bytes), width, destination, inPlace, u);
            }
        }
        else
        {
            u = SumValuesWide(chunk, at, bytes, n, width, destination, u);
        }

        ordered = u;
    }

    /// <summary>
    /// Values [<paramref name="from"/>, end) of a block of at most 56-bit words whose loads would pass
    /// the chunk's end, read from a zero-padded copy of the block's last 16 bytes (they all start there).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SumValuesTail(ReadOnlySpan<byte> block, int width, Span<long> destination, int from, ulong u)
    {
        int copied = Math.Max(0, block.Length - 16);
        Span<byte> tail = stackalloc byte[24];
        tail.Clear();
        block[copied..].CopyTo(tail);
        ulong mask = (1UL << width) - 1;
        for (int j = from; j < destination.Length; j++)
        {
            int position = j * width;
            ulong word = (LoadLittleEndian(ref tail[(position >> 3) - copied]) >> (position & 7)) & mask;
            u += Unzig(word);
            destination[j] = Ordered((long)u);
        }

        return u;
    }

    /// <summary>The values of a block of words wider than 56 bits (a jump across most of the double range).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SumValuesWide(ReadOnlySpan<byte> chunk, int at, int bytes, int n, int width, Span<long> destination, ulong u)
    {
        Span<ulong> words = stackalloc ulong[BlockLength];
        words = words[..n];
        Unpack(chunk.Slice(at, bytes), chunk.Length - at, width, words, ref Unsafe.Add(ref MemoryMarshal.GetReference(chunk), at));
        for (int j = 0; j < destination.Length; j++)
        {
            u += Unzig(words[j]);
            destination[j] = Ordered((long)u);
        }

        return u;
    }

    /// <summary>The value bits made order-preserving as signed integers (and back: the map is its own inverse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Ordered(long bits) => bits ^ ((bits >> 63) & long.MaxValue);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ZigZag(long d) => (ulong)((d << 1) ^ (d >> 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Unzig(ulong z) => (z >> 1) ^ (ulong)-(long)(z & 1);

    private static void WriteInt64(Span<byte> destination, ref int p, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination[p..], value);
        p += sizeof(long);
    }

    private static long ReadInt64(ReadOnlySpan<byte> chunk, ref int p)
    {
        if (chunk.Length - p < sizeof(long))
        {
            throw Truncated(p, sizeof(long));
        }

        long value = BinaryPrimitives.ReadInt64LittleEndian(chunk[p..]);
        p += sizeof(long);
        return value;
    }

    /// <summary>Writes a block of words at their widest bit length; returns the position after it.</summary>
    private static int WriteBlock(Span<byte> destination, int p, ReadOnlySpan<ulong> words)
    {
        ulong all = 0;
        foreach (ulong w in words) all |= w;
        int width = 64 - BitOperations.LeadingZeroCount(all);
        destination[p++] = (byte)width;
        if (width == 0)
        {
            return p;
        }

        ulong acc = 0;
        int filled = 0;
        foreach (ulong word in words)
        {
            acc |= word << filled;
            if (filled + width >= 64)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[p..], acc);
                p += sizeof(ulong);
                acc = filled == 0 ? 0 : word >> (64 - filled);
                filled += width - 64;
            }
            else
            {
                filled += width;
            }
        }

        for (int k = 0; k < filled; k += 8)
        {
            destination[p++] = (byte)(acc >> k);
        }

        return p;
    }

    /// <summary>Reads a block's width and checks that its bytes lie inside the chunk; returns the byte length.</summary>
    private static int BlockBytes(ReadOnlySpan<byte> chunk, int p, int n, out int width)
    {
        if (p >= chunk.Length)
        {
            throw Truncated(p, 1);
        }

        width = chunk[p];
        if (width > 64)
        {
            throw new InvalidDataException($"Chunk is corrupt: a packed block at byte {p} declares a width of {width} bits (at most 64).");
        }

        int bytes = (n * width + 7) >> 3;
        if (chunk.Length - (p + 1) < bytes)
        {
            throw Truncated(p + 1, bytes);
        }

        return bytes;
    }

    /// <summary>
    /// How many of a block's first words (at most <paramref name="n"/>) can be read with an 8-byte
    /// load that stays inside the <paramref name="available"/> bytes from the block's start.
    /// </summary>
    private static int InPlace(int available, int n, int width) =>
        available < sizeof(ulong) ? 0 : width == 0 ? n : (int)Math.Min(n, ((long)(available - sizeof(ulong)) * 8 + 7) / width + 1);

    /// <summary>Writes <paramref name="n"/> timestamps <paramref name="delta"/> apart after <paramref name="time"/>; returns the last.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long FillRegular(ref long target, int n, long time, long delta)
    {
        for (int j = 0; j < n; j++)
        {
            time += delta;
            Unsafe.Add(ref target, j) = time;
        }

        return time;
    }

    /// <summary>
    /// The value loop of a block read in place (<paramref name="width"/> at most 56, 8 bytes of the
    /// chunk after the block): unpacks, un-zigzags and sums <paramref name="count"/> words, writing
    /// the values; returns the running ordered value. Kept apart so that its state stays in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SumValues(ref byte data, int width, ref long target, int count, ulong u)
    {
        ulong mask = (1UL << width) - 1;
        int position = 0;
        for (int j = 0; j < count; j++)
        {
            ulong word = (LoadLittleEndian(ref Unsafe.Add(ref data, position >> 3)) >> (position & 7)) & mask;
            position += width;
            u += Unzig(word);
            Unsafe.Add(ref target, j) = Ordered((long)u);
        }

        return u;
    }

    /// <summary>
    /// Unpacks <paramref name="words"/>.Length words of <paramref name="width"/> bits (0 to 64) from
    /// <paramref name="block"/> (which starts at <paramref name="data"/>, with <paramref name="available"/>
    /// chunk bytes from there): in place while a word's 8-byte load stays in the chunk and the width is
    /// at most 56 bits, otherwise from a zero-padded copy, two loads a word.
    /// </summary>
    private static void Unpack(ReadOnlySpan<byte> block, int available, int width, Span<ulong> words, ref byte data)
    {
        int n = words.Length;
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ref ulong target = ref MemoryMarshal.GetReference(words);
        int j = 0;
        if (width <= 56)
        {
            for (int inPlace = InPlace(available, n, width), position = 0; j < inPlace; j++, position += width)
            {
                Unsafe.Add(ref target, j) = (LoadLittleEndian(ref Unsafe.Add(ref data, position >> 3)) >> (position & 7)) & mask;
            }

            if (j == n)
            {
                return;
            }
        }

        Span<byte> padded = stackalloc byte[BlockLength * sizeof(ulong) + 2 * sizeof(ulong)];
        padded.Clear();
        block.CopyTo(padded);
        ref byte copy = ref MemoryMarshal.GetReference(padded);
        for (int position = j * width; j < n; j++, position += width)
        {
            int shift = position & 7;
            ulong low = LoadLittleEndian(ref Unsafe.Add(ref copy, position >> 3));
            ulong high = LoadLittleEndian(ref Unsafe.Add(ref copy, (position >> 3) + sizeof(ulong)));
            ulong word = shift == 0 ? low : (low >> shift) | (high << (64 - shift));
            Unsafe.Add(ref target, j) = word & mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LoadLittleEndian(ref byte at)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref at);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static InvalidDataException Truncated(int at, int needed) =>
        new($"Chunk is truncated: {needed} more bytes were expected at byte {at} of a packed DOUBLE chunk.");

    private static InvalidDataException NotIncreasing(int index) =>
        new($"Chunk is corrupt: timestamp {index} of a packed DOUBLE chunk does not increase.");
}
