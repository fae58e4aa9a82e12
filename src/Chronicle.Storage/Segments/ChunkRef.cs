using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Segments;

/// <summary>
/// Where one chunk of a series lies in a segment file, with its statistics from the series index.
/// </summary>
/// <param name="Offset">Byte offset in the file of the chunk's block (its 4-byte length prefix; see <c>docs/file-formats.md</c>, "Segments").</param>
/// <param name="Length">Length in bytes of the encoded chunk itself (the block is 8 bytes longer).</param>
/// <param name="Summary">Time range, sample count and value statistics of the chunk.</param>
internal readonly record struct ChunkRef(long Offset, int Length, ChunkSummary Summary);
