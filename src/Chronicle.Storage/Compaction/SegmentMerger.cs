using Chronicle.Storage.IO;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Compaction;

/// <summary>
/// Merges segments into one: a k-way merge of the inputs' series in ID order; per series, a merge of
/// samples by time where a duplicate timestamp keeps the sample of the input with the higher sequence;
/// samples deleted by a tombstone newer than their input, or older than the retention cutoff, are
/// dropped; the survivors are re-chunked into full chunks.
/// </summary>
internal static class SegmentMerger
{
    /// <summary>Merges <paramref name="inputs"/> into a new segment file at <paramref name="outputPath"/>.</summary>
    /// <param name="fs">The file layer.</param>
    /// <param name="inputs">Open readers (the caller holds their references) with their segment sequences.</param>
    /// <param name="outputPath">Path of the new segment; fsynced at the end (the caller fsyncs the directory).</param>
    /// <param name="outputId">The new segment's ID.</param>
    /// <param name="outputLevel">The new segment's level.</param>
    /// <param name="shardStart">The shard of all inputs, nanoseconds.</param>
    /// <param name="tombstones">Deletions to apply: a sample of input sequence s at time t of a listed series is dropped when a tombstone covers t and has a sequence above s.</param>
    /// <param name="retentionCutoff">Samples with a timestamp below this (nanoseconds) are dropped; <see cref="long.MinValue"/> keeps all.</param>
    /// <param name="chunkSize">Samples per output chunk (the last chunk of a series may be shorter), at least 1.</param>
    /// <returns>The new segment's description; it may be empty (<see cref="SegmentInfo.IsEmpty"/>) when nothing survived.</returns>
    /// <exception cref="CorruptionException">An input chunk is corrupt; the partial output is deleted.</exception>
    /// <exception cref="StorageException">A series has different field types in different inputs.</exception>
    public static SegmentInfo Merge(IFileSystem fs, IReadOnlyList<(SegmentReader Reader, long Sequence)> inputs, string outputPath, long outputId,
        int outputLevel, long shardStart, IReadOnlyList<Tombstone> tombstones, long retentionCutoff, int chunkSize)
    {
        throw new NotImplementedException("segment merge lands with the chunk codecs");
    }
}
