using System.Buffers.Binary;
using System.Numerics;
using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Segments;

/// <summary>
/// The compact series index of a segment (format version 2): one series entry per series, each
/// followed by its chunk entries, in varints. Described byte by byte in <c>docs/file-formats.md</c>,
/// section "Segments"; summarized here.
/// </summary>
/// <remarks>
/// <code>
/// series entry  ID (uvarint: the first series' ID, then the gap to the previous ID, at least 1)
///               | field type u8 | chunk count uvarint (>= 1) | time unit exponent u8 (e, 0..18)
/// chunk entry   length uvarint (>= 1) | CRC32C of the chunk bytes u32 LE
///               | start: zigzag varint of (min time - shard start) / 10^e for the series' first chunk,
///                 uvarint of (min time - previous chunk's max time) / 10^e (>= 1) after it
///               | span uvarint of (max time - min time) / 10^e | count uvarint (1..65,535)
///               | statistics (below)
/// statistics    3 bytes of nibbles: n0 | n1 &lt;&lt; 4, n2 | n3 &lt;&lt; 4, n4 (high nibble 0), then
///               five words, word i as its low n_i bytes little-endian (n_i = 0..8, the fewest
///               that hold it: when n_i > 0 the last stored byte is not zero):
///               w0 = first, w1 = last ^ first, w2 = bits(min) ^ r, w3 = bits(max) ^ r,
///               w4 = bits(sum) with its bytes reversed (so a sum with zero low mantissa bytes is short)
///               where r = first for DOUBLE, bits((double)first) for BIGINT and BOOLEAN, bits(NaN) for VARCHAR.
/// </code>
/// A chunk's offset is not stored: chunks lie back to back from the end of the header in index
/// order, so each starts where the one before it ended. Time deltas are divided by the largest
/// power of ten (up to 10^18) that divides all of the series' deltas in this segment: a series at
/// whole seconds stores its deltas in seconds. The XOR words are short when values are close
/// (Gorilla's observation, Pelkonen et al., VLDB 2015) and zero when min or max equals first.
/// </remarks>
internal static class SegmentIndexCodec
{
    /// <summary>Fewest bytes of a series entry (ID, type, chunk count, time unit).</summary>
    public const int MinSeriesEntrySize = 4;

    /// <summary>Fewest bytes of a chunk entry (length, CRC, start, span, count, statistics header).</summary>
    public const int MinChunkEntrySize = 11;

    /// <summary>Most bytes of a chunk entry.</summary>
    public const int MaxChunkEntrySize = 5 + 4 + 10 + 10 + 3 + 3 + 40;

    /// <summary>Most bytes of a series entry.</summary>
    public const int MaxSeriesEntrySize = 10 + 1 + 5 + 1;

    /// <summary>Largest time unit exponent (10^18 is the largest power of ten below 2^63).</summary>
    public const int MaxTimeUnitExponent = 18;

    private static readonly ulong[] Pow10 = BuildPowers();

    private static ulong[] BuildPowers()
    {
        var p = new ulong[MaxTimeUnitExponent + 1];
        p[0] = 1;
        for (int i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }

    /// <summary>Appends the series entry of one series and its chunk entries to <paramref name="index"/>.</summary>
    /// <param name="index">The index being built.</param>
    /// <param name="seriesId">The series.</param>
    /// <param name="previousSeriesId">The ID of the series written before, or null for the first series.</param>
    /// <param name="type">The series' field type.</param>
    /// <param name="shardStart">The segment's shard start, nanoseconds.</param>
    /// <param name="chunks">The series' chunks in time order (checked by the writer: non-overlapping, increasing, counts 1..65,535).</param>
    public static void WriteSeries(MemoryStream index, long seriesId, long? previousSeriesId, FieldType type, long shardStart, ReadOnlySpan<ChunkRef> chunks)
    {
        int e = TimeUnitExponent(shardStart, chunks);
        ulong unit = Pow10[e];
        Span<byte> buffer = stackalloc byte[Math.Max(MaxChunkEntrySize, MaxSeriesEntrySize)];
        int pos = 0;
        WriteVarint(buffer, ref pos, previousSeriesId is { } p ? unchecked((ulong)(seriesId - p)) : unchecked((ulong)seriesId));
        buffer[pos++] = (byte)type;
        WriteVarint(buffer, ref pos, (ulong)chunks.Length);
        buffer[pos++] = (byte)e;
        index.Write(buffer[..pos]);

        long previousMax = 0;
        for (int k = 0; k < chunks.Length; k++)
        {
            var c = chunks[k];
            var s = c.Summary;
            pos = 0;
            WriteVarint(buffer, ref pos, (ulong)c.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer[pos..], c.Crc);
            pos += 4;
            if (k == 0)
            {
                long start = unchecked(s.MinTime - shardStart) / (long)unit;
                WriteVarint(buffer, ref pos, (ulong)((start << 1) ^ (start >> 63)));
            }
            else
            {
                WriteVarint(buffer, ref pos, unchecked((ulong)(s.MinTime - previousMax)) / unit);
            }
            WriteVarint(buffer, ref pos, unchecked((ulong)(s.MaxTime - s.MinTime)) / unit);
            WriteVarint(buffer, ref pos, (ulong)s.Count);
            WriteStatistics(buffer, ref pos, type, s);
            index.Write(buffer[..pos]);
            previousMax = s.MaxTime;
        }
    }

    /// <summary>The largest e such that 10^e divides every time delta the series' entries store.</summary>
    private static int TimeUnitExponent(long shardStart, ReadOnlySpan<ChunkRef> chunks)
    {
        int e = MaxTimeUnitExponent;
        long start = unchecked(chunks[0].Summary.MinTime - shardStart);
        Reduce(ref e, start < 0 ? unchecked((ulong)-start) : (ulong)start);
        for (int k = 0; k < chunks.Length && e > 0; k++)
        {
            var s = chunks[k].Summary;
            if (k > 0) Reduce(ref e, unchecked((ulong)(s.MinTime - chunks[k - 1].Summary.MaxTime)));
            Reduce(ref e, unchecked((ulong)(s.MaxTime - s.MinTime)));
        }
        return e;

        static void Reduce(ref int e, ulong value)
        {
            while (e > 0 && value % Pow10[e] != 0) e--;
        }
    }

    private static void WriteStatistics(Span<byte> buffer, ref int pos, FieldType type, in ChunkSummary s)
    {
        ulong first = (ulong)s.First;
        ulong r = Reference(type, s.First);
        Span<ulong> words =
        [
            first,
            first ^ (ulong)s.Last,
            (ulong)BitConverter.DoubleToInt64Bits(s.Min) ^ r,
            (ulong)BitConverter.DoubleToInt64Bits(s.Max) ^ r,
            BinaryPrimitives.ReverseEndianness((ulong)BitConverter.DoubleToInt64Bits(s.Sum)),
        ];
        Span<int> n = stackalloc int[5];
        for (int i = 0; i < 5; i++) n[i] = (64 - BitOperations.LeadingZeroCount(words[i]) + 7) / 8;
        buffer[pos++] = (byte)(n[0] | (n[1] << 4));
        buffer[pos++] = (byte)(n[2] | (n[3] << 4));
        buffer[pos++] = (byte)n[4];
        for (int i = 0; i < 5; i++)
        {
            ulong w = words[i];
            for (int b = 0; b < n[i]; b++, w >>= 8) buffer[pos++] = (byte)w;
        }
    }

    /// <summary>The word that min and max are XORed with: the first value's bits as a double.</summary>
    private static ulong Reference(FieldType type, long first) => type switch
    {
        FieldType.Double => (ulong)first,
        FieldType.BigInt or FieldType.Boolean => (ulong)BitConverter.DoubleToInt64Bits(first),
        _ => (ulong)BitConverter.DoubleToInt64Bits(double.NaN),
    };

    private static void WriteVarint(Span<byte> buffer, ref int pos, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[pos++] = (byte)value;
    }

    /// <summary>
    /// Reads a segment's index, validating its structure as it goes; every failure is a
    /// <see cref="CorruptionException"/> naming the file and the byte offset of the bad entry.
    /// </summary>
    internal ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _index;
        private readonly string _path;
        private readonly long _indexOffset;
        private int _pos;

        /// <summary>Starts reading <paramref name="index"/>, which lies at <paramref name="indexOffset"/> of the file <paramref name="path"/>.</summary>
        public Reader(ReadOnlySpan<byte> index, string path, long indexOffset)
        {
            _index = index;
            _path = path;
            _indexOffset = indexOffset;
            _pos = 0;
        }

        /// <summary>Bytes read so far.</summary>
        public readonly int Position => _pos;

        /// <summary>File offset of the next byte to read.</summary>
        public readonly long FileOffset => _indexOffset + _pos;

        /// <summary>Reads a series entry.</summary>
        /// <param name="previousSeriesId">The ID of the series before, or null for the first.</param>
        /// <param name="maxChunks">The most chunks the entry may announce (those the footer counts that are not yet read).</param>
        /// <exception cref="CorruptionException">The entry is cut off, out of order, or has an unknown type, an impossible chunk count or time unit.</exception>
        public (long SeriesId, FieldType Type, int ChunkCount, int TimeUnitExponent) ReadSeries(long? previousSeriesId, long maxChunks)
        {
            long at = FileOffset;
            ulong raw = ReadVarint("a series entry");
            long id = previousSeriesId is { } p ? unchecked(p + (long)raw) : unchecked((long)raw);
            if (previousSeriesId is { } prev && (raw == 0 || id <= prev))
                throw new CorruptionException(_path, at, $"series {id} is not after series {prev}");
            var type = (FieldType)ReadByte("a series entry");
            if (!Enum.IsDefined(type)) throw new CorruptionException(_path, FileOffset - 1, $"unknown field type {(byte)type} of series {id}");
            long countAt = FileOffset;
            ulong n = ReadVarint("a series entry");
            if (n < 1 || n > (ulong)Math.Max(0, maxChunks)) throw new CorruptionException(_path, countAt, $"impossible chunk count {n} for series {id}");
            int e = ReadByte("a series entry");
            if (e > MaxTimeUnitExponent) throw new CorruptionException(_path, FileOffset - 1, $"time unit exponent {e} of series {id} exceeds {MaxTimeUnitExponent}");
            return (id, type, (int)n, e);
        }

        /// <summary>Reads one chunk entry of a series.</summary>
        /// <param name="seriesId">The series (for messages).</param>
        /// <param name="type">The series' field type.</param>
        /// <param name="timeUnitExponent">The series' time unit exponent.</param>
        /// <param name="shardStart">The segment's shard start, nanoseconds.</param>
        /// <param name="previousMaxTime">The max time of the series' previous chunk, or null for its first chunk.</param>
        /// <param name="offset">Where the chunk's bytes start in the file (the previous chunk's end).</param>
        /// <exception cref="CorruptionException">The entry is cut off or malformed, or its times or counts are impossible.</exception>
        public ChunkRef ReadChunk(long seriesId, FieldType type, int timeUnitExponent, long shardStart, long? previousMaxTime, long offset)
        {
            long at = FileOffset;
            ulong unit = Pow10[timeUnitExponent];
            ulong length = ReadVarint("a chunk entry");
            if (length < 1 || length > int.MaxValue) throw new CorruptionException(_path, at, $"impossible chunk length {length} of series {seriesId}");
            if (_pos + 4 > _index.Length) throw Truncated("a chunk entry");
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(_index[_pos..]);
            _pos += 4;
            long minTime;
            if (previousMaxTime is not { } previousMax)
            {
                ulong z = ReadVarint("a chunk entry");
                long start = (long)(z >> 1) ^ -(long)(z & 1);
                if (start != 0 && (start > long.MaxValue / (long)unit || start < long.MinValue / (long)unit))
                    throw new CorruptionException(_path, at, $"chunk start of series {seriesId} overflows");
                minTime = unchecked(shardStart + start * (long)unit);
            }
            else
            {
                ulong gap = ReadVarint("a chunk entry");
                if (gap == 0 || gap > ulong.MaxValue / unit || gap * unit > Room(previousMax))
                    throw new CorruptionException(_path, at, $"chunk of series {seriesId} does not start after the previous chunk");
                minTime = unchecked(previousMax + (long)(gap * unit));
            }
            ulong span = ReadVarint("a chunk entry");
            if (span > ulong.MaxValue / unit || span * unit > Room(minTime))
                throw new CorruptionException(_path, at, $"chunk time span of series {seriesId} overflows");
            long maxTime = unchecked(minTime + (long)(span * unit));
            ulong count = ReadVarint("a chunk entry");
            if (count < 1 || count > Encoding.ChunkHeader.MaxCount)
                throw new CorruptionException(_path, at, $"chunk of series {seriesId} has an impossible count {count}");
            var summary = ReadStatistics(type, minTime, maxTime, (int)count);
            return new ChunkRef(offset, (int)length, crc, summary);
        }

        /// <summary>How far above <paramref name="time"/> a timestamp can be: long.MaxValue - time, exact as an unsigned number.</summary>
        private static ulong Room(long time) => unchecked((ulong)(long.MaxValue - time));

        private ChunkSummary ReadStatistics(FieldType type, long minTime, long maxTime, int count)
        {
            long at = FileOffset;
            if (_pos + 3 > _index.Length) throw Truncated("chunk statistics");
            Span<int> n = [_index[_pos] & 0xF, _index[_pos] >> 4, _index[_pos + 1] & 0xF, _index[_pos + 1] >> 4, _index[_pos + 2]];
            _pos += 3;
            Span<ulong> w = stackalloc ulong[5];
            for (int i = 0; i < 5; i++)
            {
                if (n[i] > 8) throw new CorruptionException(_path, at, $"statistics word {i} claims {n[i]} bytes");
                if (_pos + n[i] > _index.Length) throw Truncated("chunk statistics");
                ulong v = 0;
                for (int b = 0; b < n[i]; b++) v |= (ulong)_index[_pos + b] << (8 * b);
                if (n[i] > 0 && _index[_pos + n[i] - 1] == 0)
                    throw new CorruptionException(_path, at, $"statistics word {i} is not minimally encoded");
                _pos += n[i];
                w[i] = v;
            }
            long first = (long)w[0];
            ulong r = Reference(type, first);
            return new ChunkSummary(minTime, maxTime, count,
                BitConverter.Int64BitsToDouble((long)(w[2] ^ r)),
                BitConverter.Int64BitsToDouble((long)(w[3] ^ r)),
                BitConverter.Int64BitsToDouble((long)BinaryPrimitives.ReverseEndianness(w[4])),
                first, (long)(w[1] ^ w[0]));
        }

        private byte ReadByte(string what)
        {
            if (_pos >= _index.Length) throw Truncated(what);
            return _index[_pos++];
        }

        private ulong ReadVarint(string what)
        {
            long at = FileOffset;
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= _index.Length) throw Truncated(what);
                byte b = _index[_pos++];
                if (shift == 63 && b > 1) break;
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return result;
            }
            throw new CorruptionException(_path, at, $"malformed varint in {what}");
        }

        private readonly CorruptionException Truncated(string what) => new(_path, FileOffset, $"index ends inside {what}");
    }
}
