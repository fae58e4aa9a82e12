using System.Buffers.Binary;
using Chronicle.Storage.IO;
using TextEncoding = System.Text.Encoding;

namespace Chronicle.Storage.Segments;

/// <summary>
/// Bytes of a MANIFEST file (layout in <c>docs/file-formats.md</c>, "Manifest"):
/// <code>
/// magic "CHRMAN01" | format version u32 | body length u32 | body | CRC32C u32 of everything before it
/// body: version i64 | next segment ID i64 | next sequence i64 | WAL checkpoint file i64 | WAL checkpoint offset i64
///       | segment count u32 | segments | tombstone count u32 | tombstones
/// segment: ID i64 | level i32 | shard start i64 | min time i64 | max time i64 | series count i64
///          | sample count i64 | size bytes i64 | sequence i64 | file name length u16 | file name UTF-8
/// tombstone: min time i64 | max time i64 | sequence i64 | series count u32 | series IDs i64 each
/// </code>
/// </summary>
internal static class ManifestCodec
{
    private static ReadOnlySpan<byte> Magic => "CHRMAN01"u8;

    private const int PrefixSize = 16;

    /// <summary>Serializes <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">A file name is longer than 65535 UTF-8 bytes or contains a path separator.</exception>
    public static byte[] Encode(ManifestState state)
    {
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, TextEncoding.UTF8, leaveOpen: true)) // BinaryWriter is little-endian
        {
            w.Write(state.Version);
            w.Write(state.NextSegmentId);
            w.Write(state.NextSequence);
            w.Write(state.WalCheckpointFile);
            w.Write(state.WalCheckpointOffset);
            w.Write((uint)state.Segments.Count);
            foreach (var entry in state.Segments)
            {
                var s = entry.Info;
                byte[] name = TextEncoding.UTF8.GetBytes(s.FileName);
                if (name.Length is 0 or > ushort.MaxValue || s.FileName.IndexOfAny(['/', '\\']) >= 0)
                    throw new ArgumentException($"segment file name '{s.FileName}' must be a non-empty file name of at most 65535 bytes", nameof(state));
                w.Write(s.Id);
                w.Write(s.Level);
                w.Write(s.ShardStart);
                w.Write(s.MinTime);
                w.Write(s.MaxTime);
                w.Write(s.SeriesCount);
                w.Write(s.SampleCount);
                w.Write(s.SizeBytes);
                w.Write(entry.Sequence);
                w.Write((ushort)name.Length);
                w.Write(name);
            }
            w.Write((uint)state.Tombstones.Count);
            foreach (var t in state.Tombstones)
            {
                w.Write(t.MinTime);
                w.Write(t.MaxTime);
                w.Write(t.Sequence);
                w.Write((uint)t.SeriesIds.Length);
                foreach (long id in t.SeriesIds) w.Write(id);
            }
        }
        if (body.Length > int.MaxValue - PrefixSize - 4) throw new ArgumentException("manifest larger than 2 GiB", nameof(state));
        var bytes = new byte[PrefixSize + body.Length + 4];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Manifest.FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)body.Length);
        body.GetBuffer().AsSpan(0, (int)body.Length).CopyTo(bytes.AsSpan(PrefixSize));
        int crcAt = bytes.Length - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(crcAt), Crc32C.Compute(bytes.AsSpan(0, crcAt)));
        return bytes;
    }

    /// <summary>Parses a MANIFEST file's bytes.</summary>
    /// <exception cref="CorruptionException">Bad magic, version, length, CRC or contents; names <paramref name="path"/> and the offset.</exception>
    public static ManifestState Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < PrefixSize + 4)
            throw new CorruptionException(path, 0, $"manifest of {bytes.Length} bytes is shorter than its fixed fields ({PrefixSize + 4} bytes)");
        if (!bytes[..8].SequenceEqual(Magic)) throw new CorruptionException(path, 0, "bad magic: not a Chronicle manifest");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version != Manifest.FormatVersion)
            throw new CorruptionException(path, 8, $"unsupported manifest format version {version} (this build reads {Manifest.FormatVersion})");
        uint bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        if ((long)PrefixSize + bodyLength + 4 != bytes.Length)
            throw new CorruptionException(path, 12, $"body length {bodyLength} does not match the file length {bytes.Length}");
        int crcAt = bytes.Length - 4;
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[crcAt..]) != Crc32C.Compute(bytes[..crcAt]))
            throw new CorruptionException(path, crcAt, "manifest CRC32C mismatch");

        var r = new Cursor(bytes[..crcAt], PrefixSize, path);
        long stateVersion = r.Int64(), nextSegmentId = r.Int64(), nextSequence = r.Int64(), walFile = r.Int64(), walOffset = r.Int64();
        uint segmentCount = r.Count(SegmentEntryMinSize);
        var segments = new SegmentEntry[segmentCount];
        for (int i = 0; i < segments.Length; i++)
        {
            long id = r.Int64();
            int level = r.Int32();
            long shardStart = r.Int64(), minTime = r.Int64(), maxTime = r.Int64(), seriesCount = r.Int64(),
                sampleCount = r.Int64(), sizeBytes = r.Int64(), sequence = r.Int64();
            string name = r.Utf8(r.UInt16());
            segments[i] = new SegmentEntry(new SegmentInfo(id, level, shardStart, minTime, maxTime, seriesCount, sampleCount, sizeBytes, name), sequence);
        }
        uint tombstoneCount = r.Count(TombstoneMinSize);
        var tombstones = new Tombstone[tombstoneCount];
        for (int i = 0; i < tombstones.Length; i++)
        {
            long minTime = r.Int64(), maxTime = r.Int64(), sequence = r.Int64();
            var ids = new long[r.Count(8)];
            for (int k = 0; k < ids.Length; k++) ids[k] = r.Int64();
            tombstones[i] = new Tombstone(ids, minTime, maxTime, sequence);
        }
        r.ExpectEnd();
        return new ManifestState(stateVersion, nextSegmentId, nextSequence, segments, tombstones, walFile, walOffset);
    }

    private const int SegmentEntryMinSize = 8 + 4 + 8 * 7 + 2;
    private const int TombstoneMinSize = 8 * 3 + 4;

    private ref struct Cursor(ReadOnlySpan<byte> data, int position, string path)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos = position;

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

        public string Utf8(int length) => TextEncoding.UTF8.GetString(Take(length));

        /// <summary>Reads a u32 count of items of at least <paramref name="minItemSize"/> bytes and checks they can fit.</summary>
        public uint Count(int minItemSize)
        {
            int at = _pos;
            uint n = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
            if ((long)n * minItemSize > _data.Length - _pos)
                throw new CorruptionException(path, at, $"count {n} cannot fit in the {_data.Length - _pos} bytes left");
            return n;
        }

        public readonly void ExpectEnd()
        {
            if (_pos != _data.Length) throw new CorruptionException(path, _pos, $"{_data.Length - _pos} unexpected bytes after the last tombstone");
        }

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n > _data.Length - _pos) throw new CorruptionException(path, _pos, $"manifest body ends inside a field of {n} bytes");
            var span = _data.Slice(_pos, n);
            _pos += n;
            return span;
        }
    }
}
