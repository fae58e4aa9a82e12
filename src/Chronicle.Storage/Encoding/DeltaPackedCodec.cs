using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// DOUBLE segment chunks as blocks of bit-packed deltas (chunk format version 2): the timestamps'
/// deltas of deltas and the values' deltas, 64 to a block, each block stored as its smallest delta
/// (the frame of reference) and every delta's excess over it at the block's widest bit length.
/// Decoding has no data-dependent branch per sample, so it runs at about a nanosecond and a half
/// per sample, where the Gorilla bit stream of version 1 takes about four.
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
/// block of n = min(64, deltas left) deltas:
///   flags and width         1 byte: width w (0..64) | 0x80 when a value of the block is negative
///                           (the decoder then maps u back; 0 in timestamp blocks)
///   base                    the block's smallest delta (signed): zigzag LEB128, 1 to 10 bytes
///   words                   ceil(n * w / 8) bytes: word j = delta(j) - base (modulo 2^64) at bits
///                           [j*w, j*w + w), least significant bit first
/// </code>
/// <para>
/// The scheme is Parquet's DELTA_BINARY_PACKED (parquet-format, Encodings.md: a minimum delta per
/// block, then bit-packed excesses) with blocks of 64 and no mini-blocks, applied to the values' bits
/// mapped so that numerically close doubles are close integers: on a full-precision random walk a
/// value delta takes about 47 bits where Gorilla's XOR takes about 50 and its control bits
/// (Pelkonen et al., VLDB 2015, section 4.1.2). Gorilla stays better for series that repeat values
/// between changes; <see cref="ChunkEncoder.SegmentEncoded"/> writes whichever is smaller. Head
/// chunks stay version 1: a block cannot be written before it is full, and the head chunk must be
/// complete after every append.
/// </para>
/// <para>
/// Unpacking follows Lemire and Boytsov, "Decoding billions of integers per second through
/// vectorization" (Software: Practice and Experience, 2015), section 4, in its scalar form: one
/// unaligned 64-bit load per word. Timestamps must strictly increase; a chunk whose timestamps
/// decode otherwise, whose blocks run past its end, declare a width above 64, set the value flag
/// on a timestamp block, or hold a base longer than 10 bytes, is rejected with an
/// <see cref="InvalidDataException"/>.
/// </para>
/// </remarks>
internal static class DeltaPackedCodec
{
    /// <summary>Deltas per block (the last block of a stream may hold fewer).</summary>
    public const int BlockLength = 64;

    /// <summary>The flag bit of a value block whose values include a negative one.</summary>
    private const int MappedFlag = 0x80;

    /// <summary>The most bytes a block's base takes (a 64-bit LEB128 varint).</summary>
    private const int MaxBaseBytes = 10;

    /// <summary>The most bytes a chunk of <paramref name="count"/> samples can take.</summary>
    public static int MaxLength(int count) =>
        ChunkHeader.Size + 3 * sizeof(long) + 2 * (count / BlockLength + 1) * (1 + MaxBaseBytes + BlockLength * sizeof(long));

    /// <summary>Encodes the samples as a version-2 chunk of <paramref name="type"/> into <paramref name="destination"/>; returns its length.</summary>
    /// <param name="type">DOUBLE or BIGINT.</param>
    /// <param name="timestamps">Strictly increasing timestamps, nanoseconds; 1 to <see cref="ChunkHeader.MaxCount"/> of them (the caller checks).</param>
    /// <param name="bits">The value words (IEEE-754 bits for DOUBLE), as many as <paramref name="timestamps"/>.</param>
    /// <param name="destination">At least <see cref="MaxLength"/>(count) bytes.</param>
    public static int Encode(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bits, Span<byte> destination)
    {
        int count = timestamps.Length;
        bool map = type == FieldType.Double;
        destination[0] = ChunkHeader.FormatByte(type, ChunkHeader.PackedVersion);
        destination[1] = (byte)(count >> 8);
        destination[2] = (byte)count;
        int p = ChunkHeader.Size;
        Span<long> deltas = stackalloc long[BlockLength];
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
                deltas[j] = (timestamps[i] - timestamps[i - 1]) - (timestamps[i - 1] - timestamps[i - 2]);
            }

            p = WriteBlock(destination, p, deltas[..n], 0);
        }

        WriteInt64(destination, ref p, bits[0]);
        for (int start = 1; start < count; start += BlockLength)
        {
            int n = Math.Min(BlockLength, count - start);
            bool negative = false;
            for (int j = 0; j < n; j++)
            {
                int i = start + j;
                deltas[j] = map ? Ordered(bits[i]) - Ordered(bits[i - 1]) : bits[i] - bits[i - 1];
                negative |= map && bits[i] < 0;
            }

            p = WriteBlock(destination, p, deltas[..n], negative ? MappedFlag : 0);
        }

        return p;
    }

    /// <summary>
    /// Decodes a version-2 chunk of <paramref name="type"/> (DOUBLE or BIGINT) holding
    /// <paramref name="count"/> (at least 1) samples, stopping after the last timestamp at or before
    /// <paramref name="maxTime"/>; returns how many samples were written to the starts of the destinations.
    /// </summary>
    /// <exception cref="InvalidDataException">The chunk is truncated or corrupt.</exception>
    public static int Decode(FieldType type, ReadOnlySpan<byte> chunk, int count, Span<long> timestamps, Span<long> values, long maxTime)
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
                var block = ReadBlock(chunk, ref p, n);
                if (block.Mapped)
                {
                    throw new InvalidDataException($"Chunk is corrupt: the timestamp block at byte {block.At - 1} of a packed DOUBLE chunk has the value flag set.");
                }

                if (kept < count)
                {
                    // the samples wanted are decoded: the rest of the timestamp blocks are only skipped
                    continue;
                }

                DecodeTimeBlock(chunk, block, timestamps.Slice(start, n), ref time, ref delta, start);
                if (time > maxTime)
                {
                    kept = start + timestamps.Slice(start, n).IndexOfAnyExceptInRange(long.MinValue, maxTime);
                }
            }
        }

        long first = ReadInt64(chunk, ref p);
        values[0] = first;
        bool map = type == FieldType.Double;
        ulong ordered = (ulong)(map ? Ordered(first) : first);
        for (int start = 1; start < kept; start += BlockLength)
        {
            int n = Math.Min(BlockLength, count - start);
            var block = ReadBlock(chunk, ref p, n);
            if (block.Mapped && !map)
            {
                throw new InvalidDataException($"Chunk is corrupt: the value block at byte {block.At - 1} of a packed {type} chunk has the negative-value flag, which only DOUBLE blocks use.");
            }

            ordered = DecodeValueBlock(chunk, block, n, values.Slice(start, Math.Min(n, kept - start)), ordered);
        }

        return kept;
    }

    /// <summary>Where a block's words are and how to read them.</summary>
    /// <param name="At">The words' first byte in the chunk.</param>
    /// <param name="Bytes">The words' byte length.</param>
    /// <param name="Width">Bits per word, 0 to 64.</param>
    /// <param name="Base">The delta a word of 0 stands for.</param>
    /// <param name="Mapped">Whether the block's values include a negative one.</param>
    private readonly record struct Block(int At, int Bytes, int Width, ulong Base, bool Mapped);

    /// <summary>Reads a block's header at <paramref name="p"/>, checks that its words lie inside the chunk, and moves past it.</summary>
    private static Block ReadBlock(ReadOnlySpan<byte> chunk, ref int p, int n)
    {
        if (p >= chunk.Length)
        {
            throw Truncated(p, 1);
        }

        int flags = chunk[p];
        int width = flags & ~MappedFlag;
        if (width > 64)
        {
            throw new InvalidDataException($"Chunk is corrupt: a packed block at byte {p} declares a width of {width} bits (at most 64).");
        }

        p++;
        ulong zigzag = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (p >= chunk.Length)
            {
                throw Truncated(p, 1);
            }

            byte b = chunk[p++];
            zigzag |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }

            if (shift >= 63)
            {
                throw new InvalidDataException($"Chunk is corrupt: a packed block's base at byte {p - 1} runs past {MaxBaseBytes} bytes.");
            }
        }

        int bytes = (n * width + 7) >> 3;
        if (chunk.Length - p < bytes)
        {
            throw Truncated(p, bytes);
        }

        var block = new Block(p, bytes, width, (zigzag >> 1) ^ (ulong)-(long)(zigzag & 1), (flags & MappedFlag) != 0);
        p += bytes;
        return block;
    }

    /// <summary>
    /// Decodes a timestamp block into <paramref name="destination"/> (its length is the block's word
    /// count), continuing from <paramref name="time"/> and <paramref name="delta"/>.
    /// </summary>
    private static void DecodeTimeBlock(ReadOnlySpan<byte> chunk, Block block, Span<long> destination, ref long time, ref ulong delta, int firstIndex)
    {
        int n = destination.Length;
        long d = (long)delta;
        if (block.Width == 0 && block.Base == 0 && d > 0 && (Int128)time + (Int128)d * n <= long.MaxValue)
        {
            // a regular block: the delta repeats, and no timestamp overflows
            time = FillRegular(ref MemoryMarshal.GetReference(destination), n, time, d);
            return;
        }

        IrregularTimes(chunk, block, destination, ref time, ref delta, firstIndex);
    }

    /// <summary>The timestamps of a block whose deltas change, or that a regular fill could overflow.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void IrregularTimes(ReadOnlySpan<byte> chunk, Block block, Span<long> destination, ref long time, ref ulong delta, int firstIndex)
    {
        int n = destination.Length;
        Span<ulong> words = stackalloc ulong[BlockLength];
        words = words[..n];
        Unpack(chunk, block, words);
        long t = time;
        ulong d = delta;
        for (int j = 0; j < n; j++)
        {
            d += block.Base + words[j];
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
    /// Decodes a value block of <paramref name="n"/> words, writing the first
    /// <paramref name="destination"/>.Length values, continuing from <paramref name="u"/> (the
    /// previous value, order-mapped); returns the last value, order-mapped.
    /// </summary>
    private static ulong DecodeValueBlock(ReadOnlySpan<byte> chunk, Block block, int n, Span<long> destination, ulong u)
    {
        int m = destination.Length;
        int width = block.Width;
        if (width > 56)
        {
            return SumValuesWide(chunk, block, n, destination, u);
        }

        // One unaligned load per word: a word starts at most 7 bits into its first byte, so 56 bits
        // are always inside the load. The last words of a chunk, whose load would pass its end, are
        // read from a zero-padded copy of the block's last bytes.
        int inPlace = Math.Min(m, InPlace(chunk.Length - block.At, n, width));
        ref byte data = ref Unsafe.Add(ref MemoryMarshal.GetReference(chunk), block.At);
        ref long target = ref MemoryMarshal.GetReference(destination);
        u = block.Mapped
            ? SumValues<Mapped>(ref data, width, block.Base, ref target, inPlace, u)
            : SumValues<Unmapped>(ref data, width, block.Base, ref target, inPlace, u);
        return inPlace < m ? SumValuesTail(chunk.Slice(block.At, block.Bytes), width, block.Base, block.Mapped, destination, inPlace, u) : u;
    }

    /// <summary>How the values of a block come out of the order map: <see cref="Mapped"/> or <see cref="Unmapped"/> (BIGINT blocks, and DOUBLE blocks without a negative value).</summary>
    private interface IValueMap
    {
        /// <summary>The value's IEEE-754 bits from its order-mapped form.</summary>
        static abstract long Bits(ulong ordered);
    }

    /// <summary>Blocks with a negative value: the map is applied.</summary>
    private readonly struct Mapped : IValueMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long Bits(ulong ordered) => Ordered((long)ordered);
    }

    /// <summary>Blocks without a negative value: the map is the identity on them.</summary>
    private readonly struct Unmapped : IValueMap
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long Bits(ulong ordered) => (long)ordered;
    }

    /// <summary>
    /// The value loop of a block read in place (<paramref name="width"/> at most 56, every word's
    /// 8-byte load inside the chunk): unpacks <paramref name="count"/> words, adds the base and sums
    /// them, writing the values; returns the last value, order-mapped. Kept apart from the block's
    /// other paths so that its state stays in registers (sharing a method with them, the running
    /// value was spilled to the stack each iteration: 5.4 instead of 3.7 ns per exported row).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SumValues<TMap>(ref byte data, int width, ulong @base, ref long target, int count, ulong u)
        where TMap : struct, IValueMap
    {
        ulong mask = (1UL << width) - 1;
        int position = 0;
        for (int j = 0; j < count; j++)
        {
            ulong word = (LoadLittleEndian(ref Unsafe.Add(ref data, position >> 3)) >> (position & 7)) & mask;
            position += width;
            u += @base + word;
            Unsafe.Add(ref target, j) = TMap.Bits(u);
        }

        return u;
    }

    /// <summary>
    /// Values [<paramref name="from"/>, end) of a block of at most 56-bit words whose loads would pass
    /// the chunk's end, read from a zero-padded copy of the block's last 16 bytes (they all start there).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SumValuesTail(ReadOnlySpan<byte> words, int width, ulong @base, bool mapped, Span<long> destination, int from, ulong u)
    {
        int copied = Math.Max(0, words.Length - 16);
        Span<byte> tail = stackalloc byte[24];
        tail.Clear();
        words[copied..].CopyTo(tail);
        ulong mask = (1UL << width) - 1;
        for (int j = from; j < destination.Length; j++)
        {
            int position = j * width;
            ulong word = (LoadLittleEndian(ref tail[(position >> 3) - copied]) >> (position & 7)) & mask;
            u += @base + word;
            destination[j] = mapped ? Ordered((long)u) : (long)u;
        }

        return u;
    }

    /// <summary>The values of a block of words wider than 56 bits (jumps across much of the double range).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SumValuesWide(ReadOnlySpan<byte> chunk, Block block, int n, Span<long> destination, ulong u)
    {
        Span<ulong> words = stackalloc ulong[BlockLength];
        words = words[..n];
        Unpack(chunk, block, words);
        for (int j = 0; j < destination.Length; j++)
        {
            u += block.Base + words[j];
            destination[j] = block.Mapped ? Ordered((long)u) : (long)u;
        }

        return u;
    }

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
    /// How many of a block's first words (at most <paramref name="n"/>) can be read with an 8-byte
    /// load that stays inside the <paramref name="available"/> bytes from the block's words on.
    /// </summary>
    private static int InPlace(int available, int n, int width) =>
        available < sizeof(ulong) ? 0 : width == 0 ? n : (int)Math.Min(n, ((long)(available - sizeof(ulong)) * 8 + 7) / width + 1);

    /// <summary>
    /// Unpacks <paramref name="words"/>.Length words of the block: in place while a word's 8-byte load
    /// stays in the chunk and the width is at most 56 bits, otherwise from a zero-padded copy, two
    /// loads a word.
    /// </summary>
    private static void Unpack(ReadOnlySpan<byte> chunk, Block block, Span<ulong> words)
    {
        int n = words.Length, width = block.Width;
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ref ulong target = ref MemoryMarshal.GetReference(words);
        int j = 0;
        if (width <= 56)
        {
            ref byte data = ref Unsafe.Add(ref MemoryMarshal.GetReference(chunk), block.At);
            for (int inPlace = InPlace(chunk.Length - block.At, n, width), position = 0; j < inPlace; j++, position += width)
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
        chunk.Slice(block.At, block.Bytes).CopyTo(padded);
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

    /// <summary>Writes a block of deltas (see the layout); returns the position after it.</summary>
    private static int WriteBlock(Span<byte> destination, int p, ReadOnlySpan<long> deltas, int flags)
    {
        long min = deltas[0];
        foreach (long d in deltas) min = Math.Min(min, d);
        ulong all = 0;
        foreach (long d in deltas) all |= (ulong)(d - min);
        int width = 64 - BitOperations.LeadingZeroCount(all);
        destination[p++] = (byte)(width | flags);
        for (ulong zigzag = (ulong)((min << 1) ^ (min >> 63)); ; zigzag >>= 7)
        {
            if (zigzag < 0x80)
            {
                destination[p++] = (byte)zigzag;
                break;
            }

            destination[p++] = (byte)(zigzag | 0x80);
        }

        if (width == 0)
        {
            return p;
        }

        ulong acc = 0;
        int filled = 0;
        foreach (long d in deltas)
        {
            ulong word = (ulong)(d - min);
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

    /// <summary>The value bits made order-preserving as signed integers (and back: the map is its own inverse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Ordered(long bits) => bits ^ ((bits >> 63) & long.MaxValue);

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
