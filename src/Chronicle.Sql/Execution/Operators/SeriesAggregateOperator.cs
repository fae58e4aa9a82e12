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
/// Output shape is the same as <see cref="HashAggregateOperator"/>'s.
/// </summary>
internal sealed class SeriesAggregateOperator(ReadView view, PushdownPlan plan, IReadOnlyList<BoundExpr> keys,
    IReadOnlyList<AggregateSpec> aggregates, IReadOnlyList<TagSetSeries> tagSets, long minTime, long maxTime, ScanScope scan) : Operator
{
    private readonly ResultColumn[] _columns = GroupTable.OutputColumns(keys, aggregates);
    private List<ColumnBatch>? _output;
    private int _next;

    public override IReadOnlyList<ResultColumn> Columns => _columns;

    /// <summary>Summary blocks folded (for tests and EXPLAIN ANALYZE).</summary>
    public long SummariesFolded { get; private set; }

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        if (_output is null)
        {
            var table = new GroupTable(aggregates, keys.Select(k => k.Type).ToArray());
            Fold(table, cancellationToken);
            _output = table.Emit(_columns);
        }
        return _next < _output.Count ? _output[_next++] : null;
    }

    private void Fold(GroupTable table, CancellationToken cancellationToken)
    {
        var bucket = plan.Bucket;
        int bucketSlot = plan.Keys.ToList().FindIndex(k => k.TagIndex < 0);
        Func<long, long, bool> summarize = bucket is null
            ? (lo, hi) => lo >= minTime && hi <= maxTime
            : (lo, hi) => lo >= minTime && hi <= maxTime && TimeValues.Bucket(lo, bucket.Width, bucket.Origin) == TimeValues.Bucket(hi, bucket.Width, bucket.Origin);
        foreach (var ts in tagSets)
        {
            var tagKey = plan.Keys.Select(k => k.TagIndex >= 0 ? (object?)ts.Tags[scan.Table.Columns[k.TagIndex].Name] : null).ToArray();
            foreach (var (column, seriesId, type) in ts.Fields)
            {
                var slots = new List<int>();
                for (int a = 0; a < aggregates.Count; a++) if (plan.AggregateFields[a] == column) slots.Add(a);
                // A field no aggregate reads still creates groups: a row (and so a group) exists
                // wherever any field of the tag set has a sample.
                long currentBucket = long.MinValue;
                Accumulator[]? states = null;
                foreach (var block in view.Read(seriesId, minTime, maxTime, summarize))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (block.Summary is { } s)
                    {
                        var st = StatesFor(table, tagKey, bucket, bucketSlot, s.MinTime, ref currentBucket, ref states);
                        foreach (int a in slots) st[a].AddSummary(s, type);
                        SummariesFolded++;
                        continue;
                    }
                    var vector = ToVector(block);
                    for (int i = 0; i < block.Count; i++)
                    {
                        long t = block.Timestamps[i];
                        var st = StatesFor(table, tagKey, bucket, bucketSlot, t, ref currentBucket, ref states);
                        foreach (int a in slots) st[a].Add(vector, i, t);
                    }
                }
            }
        }
    }

    private static Accumulator[] StatesFor(GroupTable table, object?[] tagKey, PushdownKey? bucket, int bucketSlot, long time, ref long currentBucket, ref Accumulator[]? states)
    {
        long b = bucket is null ? 0 : TimeValues.Bucket(time, bucket.Width, bucket.Origin);
        if (states is not null && b == currentBucket) return states;
        currentBucket = b;
        var key = (object?[])tagKey.Clone();
        if (bucketSlot >= 0) key[bucketSlot] = b;
        states = table.Get(key);
        return states;
    }

    /// <summary>A decoded block as a column vector of its SQL type.</summary>
    internal static ColumnVector ToVector(SampleBlock block)
    {
        int n = block.Count;
        switch (block.Type)
        {
            case FieldType.Double: return new ColumnVector(ResultType.Double, n, doubles: MemoryMarshal.Cast<long, double>(block.Values.AsSpan(0, n)).ToArray());
            case FieldType.BigInt: return new ColumnVector(ResultType.BigInt, n, int64s: block.Values.AsSpan(0, n).ToArray());
            case FieldType.Boolean:
            {
                var b = new bool[n];
                for (int i = 0; i < n; i++) b[i] = block.Values[i] != 0;
                return new ColumnVector(ResultType.Boolean, n, booleans: b);
            }
            default: return new ColumnVector(ResultType.VarChar, n, strings: block.Strings!.AsSpan(0, n).ToArray());
        }
    }
}
