using System.Runtime.InteropServices;
using Chronicle.Sql.Planning;
using Chronicle.Storage;
using Chronicle.Storage.Reading;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// Aggregate pushdown: folds each field series straight into the groups without aligning rows.
/// The read is given <c>summarize(chunkMin, chunkMax)</c> = the chunk lies inside the query's time
/// range and inside one bucket, so such chunks come back as <see cref="ChunkSummary"/> blocks and are
/// folded without decoding (count, sum, min, max, first, last; avg from sum and count).
/// Output shape is the same as <see cref="HashAggregateOperator"/>'s. With <c>newestBuckets</c> = n
/// (the time bucket is the only key and the query wants the n newest buckets: ORDER BY bucket DESC
/// LIMIT), it folds only a window of whole buckets ending at the newest sample, widening it
/// (doubling) until it holds n groups or covers the query's range; the groups inside the window are
/// complete, so the n newest are the answer's.
/// </summary>
internal sealed class SeriesAggregateOperator(ReadView view, PushdownPlan plan, PushdownLayout layout,
    IReadOnlyList<AggregateSpec> aggregates, long minTime, long maxTime, long? newestBuckets = null) : Operator
{
    private List<ColumnBatch>? _output;
    private int _next;

    public override IReadOnlyList<ResultColumn> Columns => layout.Columns;

    /// <summary>Summary blocks folded (for tests and EXPLAIN ANALYZE).</summary>
    public long SummariesFolded { get; private set; }

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        if (_output is null)
        {
            if (newestBuckets is { } n && layout.Bucket is { } bucket && n > 0) _output = FoldNewest(n, bucket, cancellationToken).Emit(layout.Columns);
            else if (layout.Bucket is { Calendar: null } fixedBucket && FoldDense(minTime, fixedBucket, cancellationToken) is { } grid)
            {
                // The usual case (e.g. GROUP BY time_bucket): the grid's groups go out without a group table.
                _output = grid.EmitInKeyOrder(layout.RowKeys, layout.BucketSlot, layout.Columns) ?? CopyToTable(grid).Emit(layout.Columns);
            }
            else
            {
                // Without a time bucket there is at most one group per tag set.
                var table = new GroupTable(aggregates, layout.KeyTypes, layout.Bucket is null ? layout.TagSets.Count : 0);
                Fold(table, minTime, cancellationToken);
                _output = table.Emit(layout.Columns);
            }
        }
        return _next < _output.Count ? _output[_next++] : null;
    }

    private GroupTable FoldNewest(long n, PushdownKey bucket, CancellationToken cancellationToken)
    {
        long newest = long.MinValue;
        foreach (var ts in layout.TagSets)
            foreach (var f in ts.Fields)
                if (view.ReadLast(f.SeriesId, minTime, maxTime, (lo, hi) => lo >= minTime && hi <= maxTime) is { } block)
                    newest = Math.Max(newest, block.Summary is { } s ? s.MaxTime : block.Timestamps[block.Count - 1]);
        long start = bucket.BucketOf(newest);
        long span = n;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = new GroupTable(aggregates, layout.KeyTypes);
            if (newest == long.MinValue) return table;
            // Window [from, maxTime]: whole buckets (from is a bucket start), or the whole query range.
            long from = minTime;
            if (bucket.StepBack(start, span - 1) is { } back && back > minTime) from = back;
            Fold(table, from, cancellationToken);
            if (table.Count >= n || from == minTime) return table;
            span *= 2;
        }
    }

    private void Fold(GroupTable table, long from, CancellationToken cancellationToken)
    {
        var bucket = layout.Bucket;
        int bucketSlot = layout.BucketSlot;
        // The dense grid assumes a fixed width; calendar buckets take the dictionary path.
        if (bucket is { Calendar: null } && FoldDense(from, bucket, cancellationToken) is { } grid)
        {
            grid.CopyTo(table, layout.RowKeys, bucketSlot);
            return;
        }
        Func<long, long, bool> summarize = bucket is null
            ? (lo, hi) => lo >= from && hi <= maxTime
            : (lo, hi) => lo >= from && hi <= maxTime && bucket.BucketOf(lo) == bucket.BucketOf(hi);
        bool newestOnly = layout.NewestOnly;
        var tagSets = layout.TagSets;
        for (int t = 0; t < tagSets.Count; t++)
        {
            var tagKey = layout.TagKeys[t];
            // The group of the current bucket, shared by the tag set's fields (bucket null: its only group).
            long currentBucket = long.MinValue;
            Accumulator[]? states = null;
            foreach (var (column, seriesId, type, slots) in layout.Fields[t])
            {
                bool existenceOnly = slots.Length == 0;
                if (existenceOnly && bucket is null && (states is not null || table.Contains(tagKey))) continue; // the group exists already
                if (newestOnly || existenceOnly && bucket is null)
                {
                    if (view.ReadLast(seriesId, from, maxTime, summarize) is { } last)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        // Only the newest sample counts (or, for a field that only creates the group, any
                        // sample): the last of the block, whose times increase without duplicates.
                        FoldBlock(table, tagKey, bucket, bucketSlot, column, type, slots, last, Math.Max(last.Count - 1, 0), ref currentBucket, ref states);
                    }
                    continue;
                }
                // A field no aggregate reads still creates groups: a row (and so a group) exists
                // wherever any field of the tag set has a sample. Its chunks need no reading when
                // every bucket they span holds a group already.
                Func<long, long, bool>? skip = existenceOnly && bucket is not null
                    ? (lo, hi) => AllBucketsExist(table, tagKey, bucket, bucketSlot, lo, hi)
                    : null;
                foreach (var block in view.Read(seriesId, from, maxTime, summarize, skip: skip))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    FoldBlock(table, tagKey, bucket, bucketSlot, column, type, slots, block, 0, ref currentBucket, ref states);
                }
            }
        }
    }

    /// <summary>Folds one block of field <paramref name="column"/> (its samples from index <paramref name="start"/>) into the groups of one tag set.</summary>
    private void FoldBlock(GroupTable table, object?[] tagKey, PushdownKey? bucket, int bucketSlot, int column, FieldType type, int[] slots,
        SampleBlock block, int start, ref long currentBucket, ref Accumulator[]? states)
    {
        if (block.Summary is { } s)
        {
            var st = StatesFor(table, tagKey, bucket, bucketSlot, s.MinTime, ref currentBucket, ref states);
            FoldSummary(st, slots, column, type, s);
            return;
        }
        var vector = ToVector(block, start);
        for (int i = start; i < block.Count; i++)
        {
            long t0 = block.Timestamps[i];
            var st = StatesFor(table, tagKey, bucket, bucketSlot, t0, ref currentBucket, ref states);
            foreach (int a in slots)
            {
                if (plan.AggregateFields[a] != column) st[a].AddTime(t0);
                else st[a].Add(vector, i - start, t0);
            }
        }
    }

    /// <summary>
    /// <see cref="Fold"/> with the groups of the range in a <see cref="BucketGrid"/> (one row per
    /// distinct tag key), which it returns for the caller to emit or copy into a group table; null,
    /// doing nothing, when the range has too many buckets for a grid.
    /// </summary>
    private BucketGrid? FoldDense(long from, PushdownKey bucket, CancellationToken cancellationToken)
    {
        if (BucketGrid.TryCreate(aggregates, Math.Max(layout.RowKeys.Length, 1), from, maxTime, bucket.Width, bucket.Origin) is not { } grid) return null;
        Func<long, long, bool> summarize = (lo, hi) => lo >= from && hi <= maxTime && grid.IndexOf(lo) == grid.IndexOf(hi);
        // One delegate for the fields that only create groups; `row` is the current tag set's row.
        int row = 0;
        Func<long, long, bool> allExist = (lo, hi) => grid.AllExist(row, lo, hi);
        for (int t = 0; t < layout.TagSets.Count; t++)
        {
            row = layout.RowOf[t];
            foreach (var (column, seriesId, type, slots) in layout.Fields[t])
            {
                // As in Fold: a field no aggregate reads only creates groups, so its pieces whose
                // buckets all exist are not read; when every bucket of the range exists already
                // (the aggregated fields had a sample in each), the series is not read at all.
                if (slots.Length == 0 && grid.AllExist(row, from, maxTime)) continue;
                // Each block is folded (its values copied by ToVector) before the next is read, so
                // consecutive chunks may decode into the same arrays.
                foreach (var block in view.Read(seriesId, from, maxTime, summarize, skip: slots.Length == 0 ? allExist : null, reuseArrays: true))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (block.Summary is { } s)
                    {
                        FoldSummary(grid.Get(row, grid.IndexOf(s.MinTime)), slots, column, type, s);
                        continue;
                    }
                    var times = block.Timestamps;
                    var vector = slots.Length == 0 ? null : ToVector(block);
                    // Samples are in time order: fold each bucket's run at once.
                    for (int i = 0, end; i < block.Count; i = end)
                    {
                        int b = grid.IndexOf(times[i]);
                        long next = grid.EndOf(b);
                        end = i + 1;
                        while (end < block.Count && times[end] < next) end++;
                        var st = grid.Get(row, b);
                        foreach (int a in slots)
                        {
                            if (plan.AggregateFields[a] != column)
                            {
                                st[a].AddTime(times[i]);
                                st[a].AddTime(times[end - 1]);
                            }
                            else st[a].AddRange(vector!, i, end, times);
                        }
                    }
                }
            }
        }
        return grid;
    }

    /// <summary>A new group table holding the groups of <paramref name="grid"/>.</summary>
    private GroupTable CopyToTable(BucketGrid grid)
    {
        var table = new GroupTable(aggregates, layout.KeyTypes);
        grid.CopyTo(table, layout.RowKeys, layout.BucketSlot);
        return table;
    }

    /// <summary>Folds a chunk summary of field <paramref name="column"/> into the aggregates <paramref name="slots"/> of one group.</summary>
    private void FoldSummary(Accumulator[] states, int[] slots, int column, FieldType type, in ChunkSummary s)
    {
        foreach (int a in slots)
        {
            if (plan.AggregateFields[a] != column) states[a].AddTime(aggregates[a].Function == "max" ? s.MaxTime : s.MinTime);
            else states[a].AddSummary(s, type);
        }
        SummariesFolded++;
    }

    /// <summary>Whether every bucket from the one holding <paramref name="lo"/> to the one holding <paramref name="hi"/> has a group (checks at most 4096).</summary>
    private static bool AllBucketsExist(GroupTable table, object?[] tagKey, PushdownKey bucket, int bucketSlot, long lo, long hi)
    {
        long first = bucket.BucketOf(lo), last = bucket.BucketOf(hi);
        if (bucket.BucketsBetween(first, last) >= 4096) return false;
        var key = (object?[])tagKey.Clone();
        for (long b = first; ; b = bucket.Next(b))
        {
            key[bucketSlot] = b;
            if (!table.Contains(key)) return false;
            if (b >= last) return true;
        }
    }

    private static Accumulator[] StatesFor(GroupTable table, object?[] tagKey, PushdownKey? bucket, int bucketSlot, long time, ref long currentBucket, ref Accumulator[]? states)
    {
        long b = bucket is null ? 0 : bucket.BucketOf(time);
        if (states is not null && b == currentBucket) return states;
        currentBucket = b;
        // The group table keeps the key: a copy when the bucket slot is filled in, else the tag set's own (never changed).
        var key = tagKey;
        if (bucketSlot >= 0)
        {
            key = (object?[])tagKey.Clone();
            key[bucketSlot] = b;
        }
        states = table.Get(key);
        return states;
    }

    /// <summary>A decoded block, from sample <paramref name="start"/> on, as a column vector of its SQL type (row 0 = sample <paramref name="start"/>).</summary>
    internal static ColumnVector ToVector(SampleBlock block, int start = 0)
    {
        int n = block.Count - start;
        switch (block.Type)
        {
            case FieldType.Double: return new ColumnVector(ResultType.Double, n, doubles: MemoryMarshal.Cast<long, double>(block.Values.AsSpan(start, n)).ToArray());
            case FieldType.BigInt: return new ColumnVector(ResultType.BigInt, n, int64s: block.Values.AsSpan(start, n).ToArray());
            case FieldType.Boolean:
            {
                var b = new bool[n];
                for (int i = 0; i < n; i++) b[i] = block.Values[start + i] != 0;
                return new ColumnVector(ResultType.Boolean, n, booleans: b);
            }
            default: return new ColumnVector(ResultType.VarChar, n, strings: block.Strings!.AsSpan(start, n).ToArray());
        }
    }
}
