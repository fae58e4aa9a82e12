using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Chronicle.Storage.Writing;

namespace Chronicle.Storage.Wal;

/// <summary>A new series as written in a <see cref="WalRecordType.Series"/> record.</summary>
/// <param name="SeriesId">The series ID assigned by the catalog.</param>
/// <param name="Type">The value type of the series.</param>
/// <param name="Key">The canonical key text (table, tags, field).</param>
internal readonly record struct WalSeriesEntry(long SeriesId, FieldType Type, string Key);

/// <summary>A tombstone as written in a <see cref="WalRecordType.Delete"/> record.</summary>
/// <param name="SeriesIds">The series whose samples are deleted.</param>
/// <param name="MinTime">First deleted timestamp, nanoseconds since the Unix epoch, inclusive.</param>
/// <param name="MaxTime">Last deleted timestamp, nanoseconds since the Unix epoch, inclusive.</param>
internal sealed record WalDelete(IReadOnlyList<long> SeriesIds, long MinTime, long MaxTime);

/// <summary>
/// Payload codecs of the Series, Samples and Delete records. Every payload starts with a format
/// byte (1). Varints are LEB128 (<see cref="WalVarint"/>); "zz" marks zigzag signed varints.
/// </summary>
/// <remarks>
/// <code>
/// Samples: ┌────────┬──────────────┬────────────┬─────┐
///          │ fmt u8 │ runs uvarint │ run 1      │ ... │
///          └────────┴──────────────┴────────────┴─────┘
/// run:     ┌──────────────────┬─────────┬───────────────┬─────────┬──────────┬──────────────────┬────────┐
///          │ series ID uvarint│ type u8 │ count uvarint │ venc u8 │ t0 zz    │ t(i)-t(i-1) zz … │ values │
///          └──────────────────┴─────────┴───────────────┴─────────┴──────────┴──────────────────┴────────┘
/// values:  venc 0 = raw: count × 8-byte little-endian words (Double);
///          venc 1 = varint: count × zz varint (BigInt, Boolean);
///          venc 2 = text: count × (byte length uvarint, UTF-8 bytes) (VarChar).
/// Series:  fmt u8, count uvarint, count × (series ID uvarint, type u8, key length uvarint, key UTF-8)
/// Delete:  fmt u8, count uvarint, count × series ID uvarint, min time zz, max time zz
/// </code>
/// Timestamp deltas wrap (unchecked arithmetic), so any int64 sequence round-trips.
/// </remarks>
internal static class WalCodec
{
    private const byte FormatVersion = 1;
    private const byte RawValues = 0, VarintValues = 1, TextValues = 2;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes a batch as a Samples payload. About 2-3 bytes per regular timestamp plus the value.</summary>
    public static byte[] EncodeSamples(SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var runs = batch.Runs;
        var strings = batch.Strings;
        long bound = 1 + WalVarint.MaxLength + (long)runs.Count * (2 * WalVarint.MaxLength + 3) + (long)batch.Count * 2 * WalVarint.MaxLength;
        for (int i = 0; i < strings.Count; i++) bound += WalVarint.MaxLength + Utf8.GetMaxByteCount(strings[i].Length);
        if (bound > Array.MaxLength) throw new ArgumentException("sample batch too large for one WAL record", nameof(batch));

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)bound);
        try
        {
            int length = EncodeSamplesInto(batch, buffer);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int EncodeSamplesInto(SampleBatch batch, Span<byte> span)
    {
        var runs = batch.Runs;
        var strings = batch.Strings;
        int pos = 0;
        span[pos++] = FormatVersion;
        WalVarint.Write(span, ref pos, (ulong)runs.Count);
        ReadOnlySpan<long> ts = batch.Timestamps, values = batch.Values;
        for (int r = 0; r < runs.Count; r++)
        {
            var run = runs[r];
            WalVarint.Write(span, ref pos, (ulong)run.SeriesId);
            span[pos++] = (byte)run.Type;
            WalVarint.Write(span, ref pos, (ulong)run.Count);
            byte venc = run.Type switch { FieldType.Double => RawValues, FieldType.VarChar => TextValues, _ => VarintValues };
            span[pos++] = venc;
            var runTs = ts.Slice(run.Start, run.Count);
            long prev = 0;
            for (int i = 0; i < runTs.Length; i++)
            {
                long t = runTs[i];
                WalVarint.WriteSigned(span, ref pos, unchecked(t - prev));
                prev = t;
            }
            var runValues = values.Slice(run.Start, run.Count);
            switch (venc)
            {
                case RawValues:
                    if (BitConverter.IsLittleEndian)
                    {
                        MemoryMarshal.AsBytes(runValues).CopyTo(span[pos..]);
                        pos += 8 * runValues.Length;
                    }
                    else
                    {
                        for (int i = 0; i < runValues.Length; i++, pos += 8)
                            BinaryPrimitives.WriteInt64LittleEndian(span[pos..], runValues[i]);
                    }
                    break;
                case VarintValues:
                    for (int i = 0; i < runValues.Length; i++) WalVarint.WriteSigned(span, ref pos, runValues[i]);
                    break;
                default:
                    for (int i = 0; i < runValues.Length; i++)
                    {
                        string s = strings[(int)runValues[i]];
                        int n = Utf8.GetByteCount(s);
                        WalVarint.Write(span, ref pos, (ulong)n);
                        pos += Utf8.GetBytes(s, span[pos..]);
                    }
                    break;
            }
        }
        return pos;
    }

    /// <summary>Decodes a Samples payload into a new batch.</summary>
    /// <exception cref="InvalidDataException">The payload is malformed.</exception>
    public static SampleBatch DecodeSamples(ReadOnlySpan<byte> payload)
    {
        var batch = new SampleBatch();
        DecodeSamples(payload, batch);
        return batch;
    }

    /// <summary>Decodes a Samples payload, appending its samples to <paramref name="into"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is malformed; <paramref name="into"/> then holds an unspecified part of it.</exception>
    public static void DecodeSamples(ReadOnlySpan<byte> payload, SampleBatch into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int pos = 0;
        CheckFormat(payload, ref pos, "Samples");
        ulong runCount = WalVarint.Read(payload, ref pos);
        long[] tsBuf = [];
        for (ulong r = 0; r < runCount; r++)
        {
            long seriesId = (long)WalVarint.Read(payload, ref pos);
            var type = (FieldType)ReadByte(payload, ref pos);
            ulong count64 = WalVarint.Read(payload, ref pos);
            byte venc = ReadByte(payload, ref pos);
            if (type is < FieldType.Double or > FieldType.VarChar) throw Bad($"unknown field type {(byte)type}");
            if (count64 == 0 || count64 > (ulong)payload.Length) throw Bad($"run length {count64} impossible for a {payload.Length}-byte payload");
            int count = (int)count64;
            bool valid = type == FieldType.VarChar ? venc == TextValues : venc is RawValues or VarintValues;
            if (!valid) throw Bad($"value encoding {venc} is not valid for type {type}");
            if (type == FieldType.VarChar)
            {
                if (tsBuf.Length < count) tsBuf = new long[count];
                ReadTimestamps(payload, ref pos, tsBuf.AsSpan(0, count));
                for (int i = 0; i < count; i++) into.Append(seriesId, tsBuf[i], ReadString(payload, ref pos));
                continue;
            }
            // Numeric runs decode straight into the batch's columns.
            into.AppendRangeUninitialized(seriesId, type, count, out var timestamps, out var values);
            ReadTimestamps(payload, ref pos, timestamps);
            if (venc == RawValues)
            {
                if (payload.Length - pos < 8L * count) throw Bad("values run past the end");
                var raw = payload.Slice(pos, 8 * count);
                if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, long>(raw).CopyTo(values);
                else for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]);
                pos += 8 * count;
            }
            else
            {
                for (int i = 0; i < count; i++) values[i] = WalVarint.ReadSigned(payload, ref pos);
            }
        }
        if (pos != payload.Length) throw Bad($"{payload.Length - pos} trailing bytes");
    }

    /// <summary>Reads a run's timestamps: a zigzag first value and zigzag deltas (wrapping).</summary>
    private static void ReadTimestamps(ReadOnlySpan<byte> payload, ref int pos, Span<long> into)
    {
        long prev = 0;
        int i = 0;
        // Fast path while a full 10-byte varint fits: no end check per byte.
        ref byte start = ref MemoryMarshal.GetReference(payload);
        for (; i < into.Length && payload.Length - pos >= WalVarint.MaxLength; i++)
        {
            ulong u = 0;
            int shift = 0;
            byte b;
            do
            {
                b = Unsafe.Add(ref start, pos++);
                u |= (ulong)(b & 0x7F) << shift;
                shift += 7;
            }
            while (b >= 0x80 && shift < 70);
            if (b >= 0x80) throw new InvalidDataException("WAL payload: varint longer than 10 bytes");
            prev = unchecked(prev + ((long)(u >> 1) ^ -(long)(u & 1)));
            into[i] = prev;
        }
        for (; i < into.Length; i++)
        {
            prev = unchecked(prev + WalVarint.ReadSigned(payload, ref pos));
            into[i] = prev;
        }
    }

    /// <summary>Encodes one new series as a Series payload.</summary>
    public static byte[] EncodeSeries(WalSeriesEntry entry) => EncodeSeries([entry]);

    /// <summary>Encodes new series as one Series payload.</summary>
    public static byte[] EncodeSeries(IReadOnlyList<WalSeriesEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long bound = 1 + WalVarint.MaxLength;
        foreach (var e in entries) bound += 2 * WalVarint.MaxLength + 1 + Utf8.GetMaxByteCount(e.Key.Length);
        byte[] buffer = GC.AllocateUninitializedArray<byte>(checked((int)bound));
        Span<byte> span = buffer;
        int pos = 0;
        span[pos++] = FormatVersion;
        WalVarint.Write(span, ref pos, (ulong)entries.Count);
        foreach (var e in entries)
        {
            WalVarint.Write(span, ref pos, (ulong)e.SeriesId);
            span[pos++] = (byte)e.Type;
            WalVarint.Write(span, ref pos, (ulong)Utf8.GetByteCount(e.Key));
            pos += Utf8.GetBytes(e.Key, span[pos..]);
        }
        return buffer.AsSpan(0, pos).ToArray();
    }

    /// <summary>Decodes a Series payload.</summary>
    /// <exception cref="InvalidDataException">The payload is malformed.</exception>
    public static List<WalSeriesEntry> DecodeSeries(ReadOnlySpan<byte> payload)
    {
        int pos = 0;
        CheckFormat(payload, ref pos, "Series");
        ulong count = WalVarint.Read(payload, ref pos);
        if (count > (ulong)payload.Length) throw Bad($"series count {count} impossible");
        var result = new List<WalSeriesEntry>((int)count);
        for (ulong i = 0; i < count; i++)
        {
            long id = (long)WalVarint.Read(payload, ref pos);
            var type = (FieldType)ReadByte(payload, ref pos);
            if (type is < FieldType.Double or > FieldType.VarChar) throw Bad($"unknown field type {(byte)type}");
            result.Add(new WalSeriesEntry(id, type, ReadString(payload, ref pos)));
        }
        if (pos != payload.Length) throw Bad($"{payload.Length - pos} trailing bytes");
        return result;
    }

    /// <summary>Encodes a tombstone as a Delete payload.</summary>
    /// <exception cref="ArgumentException"><see cref="WalDelete.MinTime"/> is after <see cref="WalDelete.MaxTime"/>.</exception>
    public static byte[] EncodeDelete(WalDelete delete)
    {
        ArgumentNullException.ThrowIfNull(delete);
        if (delete.MinTime > delete.MaxTime) throw new ArgumentException("delete: min time is after max time", nameof(delete));
        byte[] buffer = new byte[1 + WalVarint.MaxLength * (3 + delete.SeriesIds.Count)];
        Span<byte> span = buffer;
        int pos = 0;
        span[pos++] = FormatVersion;
        WalVarint.Write(span, ref pos, (ulong)delete.SeriesIds.Count);
        foreach (long id in delete.SeriesIds) WalVarint.Write(span, ref pos, (ulong)id);
        WalVarint.WriteSigned(span, ref pos, delete.MinTime);
        WalVarint.WriteSigned(span, ref pos, delete.MaxTime);
        return buffer.AsSpan(0, pos).ToArray();
    }

    /// <summary>Decodes a Delete payload.</summary>
    /// <exception cref="InvalidDataException">The payload is malformed.</exception>
    public static WalDelete DecodeDelete(ReadOnlySpan<byte> payload)
    {
        int pos = 0;
        CheckFormat(payload, ref pos, "Delete");
        ulong count = WalVarint.Read(payload, ref pos);
        if (count > (ulong)payload.Length) throw Bad($"series count {count} impossible");
        var ids = new long[(int)count];
        for (int i = 0; i < ids.Length; i++) ids[i] = (long)WalVarint.Read(payload, ref pos);
        long min = WalVarint.ReadSigned(payload, ref pos);
        long max = WalVarint.ReadSigned(payload, ref pos);
        if (pos != payload.Length) throw Bad($"{payload.Length - pos} trailing bytes");
        if (min > max) throw Bad("min time is after max time");
        return new WalDelete(ids, min, max);
    }

    private static void CheckFormat(ReadOnlySpan<byte> payload, ref int pos, string what)
    {
        byte f = ReadByte(payload, ref pos);
        if (f != FormatVersion) throw Bad($"{what} payload format {f} is not supported (expected {FormatVersion})");
    }

    private static byte ReadByte(ReadOnlySpan<byte> payload, ref int pos)
    {
        if ((uint)pos >= (uint)payload.Length) throw Bad("payload ends early");
        return payload[pos++];
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int pos)
    {
        ulong n = WalVarint.Read(payload, ref pos);
        if (n > (ulong)(payload.Length - pos)) throw Bad("string runs past the end");
        try
        {
            string s = Utf8.GetString(payload.Slice(pos, (int)n));
            pos += (int)n;
            return s;
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("WAL payload: string is not valid UTF-8", e);
        }
    }

    private static InvalidDataException Bad(string what) => new($"WAL payload: {what}");
}
