using System.Runtime.InteropServices;
using Chronicle.Storage.Encoding;
using Chronicle.Storage.IO;
using Chronicle.Storage.Segments;

namespace Chronicle.Storage.Compaction;

/// <summary>
/// Merges segments into one: a k-way merge of the inputs' series in ID order; per series, a merge of
/// samples by time where a duplicate timestamp keeps the sample of the input with the higher sequence;
/// samples deleted by a tombstone newer than their input, or older than the retention cutoff, are
/// dropped; the survivors are re-chunked at the series' alignment window (<see cref="ChunkAlignment"/>).
/// </summary>
/// <remarks>
/// Streaming: memory holds one decoded chunk per input, one chunk being encoded, and the output's
/// series index (tens of bytes per chunk), never a whole series or segment. Applying tombstones after
/// picking the duplicate winner is the same as dropping deleted samples first: a tombstone that
/// covers the winner (sequence s) has a sequence above s, so it covers every loser too.
/// A chunk that lies in one window, that no other input has samples in that window of, and that no
/// tombstone or the cutoff touches is copied byte for byte (its CRC checked) instead of decoded and
/// re-encoded. The window is chosen per series from the inputs' index (their sample counts and time
/// range), so merged L0 pieces of an hour become one chunk of that hour.
/// </remarks>
internal static class SegmentMerger
{
    /// <summary>Merges <paramref name="inputs"/> into a new segment file at <paramref name="outputPath"/>.</summary>
    /// <param name="fs">The file layer.</param>
    /// <param name="inputs">Open readers (the caller holds their references) with their segment sequences, at least one.</param>
    /// <param name="outputPath">Path of the new segment; fsynced at the end (the caller fsyncs the directory).</param>
    /// <param name="outputId">The new segment's ID.</param>
    /// <param name="outputLevel">The new segment's level.</param>
    /// <param name="shardStart">The shard of all inputs, nanoseconds.</param>
    /// <param name="tombstones">Deletions to apply: a sample of input sequence s at time t of a listed series is dropped when a tombstone covers t and has a sequence above s.</param>
    /// <param name="retentionCutoff">Samples with a timestamp below this (nanoseconds) are dropped; <see cref="long.MinValue"/> keeps all.</param>
    /// <param name="maxSamples">Most samples per output chunk, 1 to 65535 (see <see cref="StorageOptions.SegmentChunkSize"/>).</param>
    /// <param name="shardWidthOf">The shard width in nanoseconds of a series' table (caps its alignment window); null, or a non-positive answer, means 7 days.</param>
    /// <returns>The new segment's description; it may be empty (<see cref="SegmentInfo.IsEmpty"/>) when nothing survived.</returns>
    /// <exception cref="ArgumentException">No input, or <paramref name="maxSamples"/> out of range.</exception>
    /// <exception cref="CorruptionException">An input chunk is corrupt (names its file and offset); the partial output is deleted.</exception>
    /// <exception cref="StorageException">A series has different field types in different inputs; the partial output is deleted.</exception>
    /// <exception cref="IOException">Writing the output failed; the partial output is deleted.</exception>
    public static SegmentInfo Merge(IFileSystem fs, IReadOnlyList<(SegmentReader Reader, long Sequence)> inputs, string outputPath, long outputId,
        int outputLevel, long shardStart, IReadOnlyList<Tombstone> tombstones, long retentionCutoff, int maxSamples, Func<long, long>? shardWidthOf = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(tombstones);
        if (inputs.Count == 0) throw new ArgumentException("a merge needs at least one input", nameof(inputs));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxSamples, ChunkHeader.MaxCount);

        var sources = inputs.Select(i => new MergeSource(i.Reader, i.Sequence)).ToArray();
        var deletions = IndexTombstones(tombstones);
        var encoders = new ChunkEncoder?[5]; // by FieldType, reused across series
        var active = new List<MergeSource>(sources.Length);

        using var writer = new SegmentWriter(fs, outputPath, outputId, outputLevel, shardStart);
        while (true)
        {
            long seriesId = long.MaxValue;
            bool any = false;
            foreach (var s in sources)
            {
                if (!s.HasSeries) continue;
                any = true;
                seriesId = Math.Min(seriesId, s.NextSeriesId);
            }
            if (!any) break;

            active.Clear();
            foreach (var s in sources)
            {
                if (!s.HasSeries || s.NextSeriesId != seriesId) continue;
                s.BeginSeries();
                if (active.Count > 0 && s.Type != active[0].Type)
                    throw new StorageException(
                        $"series {seriesId} is {active[0].Type} in '{active[0].Reader.Path}' but {s.Type} in '{s.Reader.Path}'; segments cannot be merged");
                active.Add(s);
            }
            var type = active[0].Type;
            var encoder = encoders[(int)type] ??= new ChunkEncoder(type, forSegments: true);
            encoder.Reset();
            deletions.TryGetValue(seriesId, out var seriesTombstones);
            long count = 0, min = long.MaxValue, max = long.MinValue;
            foreach (var s in active)
            {
                var extent = s.SeriesExtent();
                count += extent.Count;
                min = Math.Min(min, extent.MinTime);
                max = Math.Max(max, extent.MaxTime);
            }
            long width = shardWidthOf?.Invoke(seriesId) ?? 0;
            if (width <= 0) width = ChunkAlignment.Ladder[^1];
            long window = ChunkAlignment.ChooseWindow(count, min, max, width, maxSamples);
            var series = new SeriesMerge(writer, seriesId, type, encoder, active, seriesTombstones, retentionCutoff, maxSamples, window);
            series.Run();
        }
        return writer.Finish();
    }

    private static Dictionary<long, List<Tombstone>> IndexTombstones(IReadOnlyList<Tombstone> tombstones)
    {
        var bySeries = new Dictionary<long, List<Tombstone>>();
        foreach (var t in tombstones)
        {
            foreach (long id in t.SeriesIds)
            {
                if (!bySeries.TryGetValue(id, out var list)) bySeries[id] = list = [];
                if (!list.Contains(t)) list.Add(t);
            }
        }
        return bySeries;
    }

    /// <summary>The merge of one series across the inputs that hold it.</summary>
    private readonly struct SeriesMerge(SegmentWriter writer, long seriesId, FieldType type, ChunkEncoder encoder,
        List<MergeSource> sources, List<Tombstone>? tombstones, long retentionCutoff, int maxSamples, long window)
    {
        public void Run()
        {
            while (true)
            {
                if (encoder.Count > 0 && WindowComplete()) EmitChunk();
                if (encoder.Count == 0 && TryCopyWholeChunk()) continue;

                // Pick the earliest timestamp; among equal ones, the input of the highest sequence.
                MergeSource? winner = null;
                long time = long.MaxValue;
                foreach (var s in CollectionsMarshal.AsSpan(sources))
                {
                    if (!s.Fill()) continue;
                    if (s.Time < time || (s.Time == time && s.Sequence > winner!.Sequence))
                    {
                        winner = s;
                        time = s.Time;
                    }
                }
                if (winner is null) break;

                if (time >= retentionCutoff && !IsDeleted(time, time, winner.Sequence))
                {
                    if (encoder.Count > 0 && (encoder.Count == maxSamples || ChunkAlignment.WindowOf(time, window) != ChunkAlignment.WindowOf(encoder.MinTime, window)))
                        EmitChunk();
                    if (type == FieldType.VarChar) encoder.Append(time, winner.Text);
                    else encoder.Append(time, winner.Value);
                }
                foreach (var s in CollectionsMarshal.AsSpan(sources))
                    if (s.HasBuffered && s.Time == time) s.Advance();
            }
            if (encoder.Count > 0) EmitChunk();
        }

        /// <summary>Whether no input has a sample left in the window of the chunk being encoded.</summary>
        private bool WindowComplete()
        {
            long current = ChunkAlignment.WindowOf(encoder.MinTime, window);
            foreach (var s in CollectionsMarshal.AsSpan(sources))
                if (s.LowerBound != long.MaxValue && ChunkAlignment.WindowOf(s.LowerBound, window) <= current) return false;
            return true;
        }

        /// <summary>
        /// Copies the next chunk of an input byte for byte when re-encoding could not change it: it
        /// lies in one window and holds at most the maximum, nothing else (of another input, or the
        /// input's next chunk unless this one is full) falls in or before that window, and neither
        /// the cutoff nor a tombstone touches it.
        /// </summary>
        private bool TryCopyWholeChunk()
        {
            foreach (var s in CollectionsMarshal.AsSpan(sources))
            {
                if (s.HasBuffered || !s.HasSamples) continue;
                var chunk = s.PeekChunk();
                var summary = chunk.Summary;
                long w = ChunkAlignment.WindowOf(summary.MinTime, window);
                if (summary.Count > maxSamples || ChunkAlignment.WindowOf(summary.MaxTime, window) != w
                    || summary.MinTime < retentionCutoff || IsDeleted(summary.MinTime, summary.MaxTime, s.Sequence))
                    continue;
                // The input's own next chunk in the same window (an input cut by count, or by a
                // narrower window) is merged with this one instead.
                long after = s.MinTimeAfterNextChunk();
                if (after != long.MaxValue && ChunkAlignment.WindowOf(after, window) == w && summary.Count < maxSamples) continue;
                bool alone = true;
                foreach (var other in CollectionsMarshal.AsSpan(sources))
                    if (!ReferenceEquals(other, s) && other.LowerBound != long.MaxValue && ChunkAlignment.WindowOf(other.LowerBound, window) <= w) alone = false;
                if (!alone) continue;
                var bytes = s.Reader.GetChunk(chunk);
                bool headerAgrees;
                try { headerAgrees = ChunkCodec.GetType(bytes) == type && ChunkCodec.GetCount(bytes) == summary.Count; }
                catch (InvalidDataException) { headerAgrees = false; }
                if (!headerAgrees)
                    throw new CorruptionException(s.Reader.Path, chunk.Offset, "chunk header disagrees with the series index");
                writer.AddChunk(seriesId, type, bytes, summary);
                s.SkipChunk();
                return true;
            }
            return false;
        }

        /// <summary>Whether a tombstone newer than <paramref name="sequence"/> covers any of [<paramref name="min"/>, <paramref name="max"/>].</summary>
        private bool IsDeleted(long min, long max, long sequence)
        {
            if (tombstones is null) return false;
            foreach (var t in tombstones)
                if (t.Sequence > sequence && t.MinTime <= max && t.MaxTime >= min) return true;
            return false;
        }

        private void EmitChunk()
        {
            writer.AddChunk(seriesId, type, encoder.SegmentEncoded, encoder.Summary);
            encoder.Reset();
        }
    }
}
