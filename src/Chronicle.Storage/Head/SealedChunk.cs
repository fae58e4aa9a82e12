using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Head;

/// <summary>A full head chunk, sealed: immutable encoded bytes and their statistics.</summary>
internal sealed record SealedChunk(byte[] Bytes, ChunkSummary Summary);
