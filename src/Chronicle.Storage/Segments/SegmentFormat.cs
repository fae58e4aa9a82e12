namespace Chronicle.Storage.Segments;

/// <summary>
/// Constants of the segment file layout, described byte by byte in <c>docs/file-formats.md</c>,
/// section "Segments". All integers are little-endian.
/// </summary>
/// <remarks>
/// <code>
/// header  (40 B)  magic "CHRSEG01" | version u32 (2) | level i32 | segment ID i64 | shard start i64 | reserved u32 (0) | header CRC32C u32
/// chunks          the encoded chunks back to back, no framing; grouped by series, series in ID order
/// index           per series: a series entry, then its chunk entries, in varints (<see cref="SegmentIndexCodec"/>):
///                 the chunk's length, CRC32C, time range, count and statistics; its offset is implied
/// footer  (72 B)  index offset i64 | index length i64 | min time i64 | max time i64 | series count i64 | sample count i64
///                 | chunk count i64 | index CRC32C u32 | footer CRC32C u32 (of the 60 bytes before it) | magic "CHRSEGFT"
/// </code>
/// The time range and counts sit in the footer, not the header, because a segment is written in one
/// streaming pass through an append-only file (<see cref="IO.IWritableFile"/>): they are known only at the end.
/// </remarks>
internal static class SegmentFormat
{
    /// <summary>The header's first 8 bytes: ASCII "CHRSEG01".</summary>
    public static ReadOnlySpan<byte> HeaderMagic => "CHRSEG01"u8;

    /// <summary>The footer's last 8 bytes: ASCII "CHRSEGFT".</summary>
    public static ReadOnlySpan<byte> FooterMagic => "CHRSEGFT"u8;

    /// <summary>
    /// The format version this code writes and reads. Version 1 (8-byte block prefixes and 72-byte
    /// fixed index entries) is not read: opening it fails with a <see cref="CorruptionException"/>.
    /// </summary>
    public const uint Version = 2;

    /// <summary>Header size in bytes.</summary>
    public const int HeaderSize = 40;

    /// <summary>Footer size in bytes.</summary>
    public const int FooterSize = 72;

    /// <summary>File name extension of segment files.</summary>
    public const string Extension = ".seg";

    /// <summary>The <see cref="IO.IFileSystem.ListFiles"/> pattern matching segment files.</summary>
    public const string SearchPattern = "*" + Extension;

    /// <summary>The conventional file name of segment <paramref name="segmentId"/>: 20 zero-padded digits and <see cref="Extension"/>, so names sort by ID.</summary>
    public static string FileNameFor(long segmentId) => $"{segmentId:D20}{Extension}";
}
