using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Segments;

/// <summary>
/// Where one chunk of a series lies in a segment file, with its checksum and statistics from the
/// series index (see <c>docs/file-formats.md</c>, "Segments").
/// </summary>
/// <param name="Offset">Byte offset in the file of the chunk's first byte.</param>
/// <param name="Length">Length in bytes of the encoded chunk.</param>
/// <param name="Crc">CRC32C of the chunk's bytes, as stored in the index.</param>
/// <param name="Summary">Time range, sample count and value statistics of the chunk.</param>
internal readonly record struct ChunkRef(long Offset, int Length, uint Crc, ChunkSummary Summary);
