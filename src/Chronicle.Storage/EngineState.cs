using Chronicle.Storage.Head;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage;

/// <summary>
/// What a read sees, swapped atomically as one immutable object: the active memstore, the frozen
/// memstores being flushed (newest first), the live segments, and the tombstones.
/// </summary>
internal sealed record EngineState(
    Memstore Active,
    IReadOnlyList<Memstore> Frozen,
    IReadOnlyList<LiveSegment> Segments,
    IReadOnlyList<Tombstone> Tombstones);

/// <summary>A live segment: its open reader (one reference held by the engine state) and its manifest entry.</summary>
internal sealed record LiveSegment(SegmentReader Reader, SegmentEntry Entry);
