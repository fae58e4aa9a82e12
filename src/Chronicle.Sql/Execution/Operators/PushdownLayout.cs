using Chronicle.Sql.Planning;
using Chronicle.Storage;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// The part of a pushed-down aggregation's setup that depends only on its plan and the tag sets it
/// matched, not on the time range or any execution value: which key is the time bucket, each tag
/// set's key values, each field series with the aggregates it feeds, the rows of the dense grid,
/// the output columns. <see cref="SeriesAggregateOperator"/> used to compute all this on every
/// execution (LINQ, dictionaries, closures: 50-60 µs of a 200 µs single-groupby-1-1-1 run right
/// after other work); a plan run again now finds it on the plan (<see cref="For"/>) while its
/// matched tag sets are the same list. Immutable and shared by concurrent executions: nothing
/// here may be modified (the key arrays become group keys only after being cloned, or as they are).
/// </summary>
internal sealed class PushdownLayout
{
    private PushdownLayout(SelectPlan plan, List<TagSetSeries> tagSets)
    {
        var pushdown = plan.Pushdown!;
        var scan = plan.Scan!;
        var aggregates = plan.Aggregates;
        TagSets = tagSets;
        Bucket = pushdown.Bucket;
        BucketSlot = -1;
        for (int k = 0; k < pushdown.Keys.Count; k++)
        {
            if (pushdown.Keys[k].TagIndex < 0)
            {
                BucketSlot = k;
                break;
            }
        }
        KeyTypes = new ResultType[plan.GroupKeys.Count];
        for (int k = 0; k < KeyTypes.Length; k++) KeyTypes[k] = plan.GroupKeys[k].Type;
        Columns = GroupTable.OutputColumns(plan.GroupKeys, aggregates);

        // Aggregates over the time column (min/max(time)) fold the times of every field series.
        var timeSlots = new List<int>();
        for (int a = 0; a < aggregates.Count; a++) if (pushdown.AggregateFields[a] == scan.TimeIndex) timeSlots.Add(a);
        var slotsOf = new Dictionary<int, int[]>();
        TagKeys = new object?[tagSets.Count][];
        Fields = new FieldFold[tagSets.Count][];
        for (int t = 0; t < tagSets.Count; t++)
        {
            var key = new object?[pushdown.Keys.Count];
            for (int k = 0; k < key.Length; k++)
                if (pushdown.Keys[k].TagIndex >= 0) key[k] = tagSets[t].Tags[scan.Table.Columns[pushdown.Keys[k].TagIndex].Name];
            TagKeys[t] = key;
            Fields[t] = FieldsOf(tagSets[t], pushdown, aggregates.Count, timeSlots, slotsOf);
        }

        // Without a bucket, when every aggregate needs only the newest sample of a series (last,
        // max(time)), only each series' last block is read.
        NewestOnly = Bucket is null;
        for (int a = 0; a < aggregates.Count && NewestOnly; a++)
            NewestOnly = aggregates[a].Function == "last" && pushdown.AggregateFields[a] != scan.TimeIndex
                || aggregates[a].Function == "max" && pushdown.AggregateFields[a] == scan.TimeIndex;

        // Tag sets with the same key values share a row of the dense grid (e.g. GROUP BY bucket alone over 8 hosts).
        RowOf = new int[tagSets.Count];
        var rowKeys = new List<object?[]>();
        var rows = new Dictionary<RowKey, int>();
        for (int t = 0; t < tagSets.Count; t++)
        {
            var rowKey = new RowKey(TagKeys[t]);
            if (!rows.TryGetValue(rowKey, out int row))
            {
                rows[rowKey] = row = rowKeys.Count;
                rowKeys.Add(TagKeys[t]);
            }
            RowOf[t] = row;
        }
        RowKeys = rowKeys.ToArray();
    }

    /// <summary>The matched tag sets this layout was computed for (compared by reference).</summary>
    public List<TagSetSeries> TagSets { get; }

    /// <summary>The time bucket key, or null when grouping only by tags.</summary>
    public PushdownKey? Bucket { get; }

    /// <summary>The index of the time bucket among the keys, or -1.</summary>
    public int BucketSlot { get; }

    /// <summary>The type of each group key.</summary>
    public ResultType[] KeyTypes { get; }

    /// <summary>The aggregation's output columns: keys then aggregates (<see cref="GroupTable.OutputColumns"/>).</summary>
    public ResultColumn[] Columns { get; }

    /// <summary>Per tag set, its key values with null at the bucket's slot.</summary>
    public object?[][] TagKeys { get; }

    /// <summary>
    /// Per tag set, its field series with the aggregates each feeds: those some aggregate reads
    /// first, then the others (no slots), which only create groups.
    /// </summary>
    public FieldFold[][] Fields { get; }

    /// <summary>Whether every aggregate needs only the newest sample of each series (no bucket; last, max(time)).</summary>
    public bool NewestOnly { get; }

    /// <summary>Per tag set, its row of the dense grid: tag sets with equal key values share one.</summary>
    public int[] RowOf { get; }

    /// <summary>The key values of each row of the dense grid (distinct, null at the bucket's slot).</summary>
    public object?[][] RowKeys { get; }

    /// <summary>
    /// The layout of <paramref name="plan"/> (which has a pushdown) over <paramref name="tagSets"/>:
    /// the plan's last one when computed for the same list, else a new one, then kept on the plan
    /// (replaced whole, so threads sharing the plan see an old or a new layout, each consistent).
    /// </summary>
    public static PushdownLayout For(SelectPlan plan, List<TagSetSeries> tagSets)
    {
        if (Volatile.Read(ref plan.LastPushdownLayout) is { } last && ReferenceEquals(last.TagSets, tagSets)) return last;
        var layout = new PushdownLayout(plan, tagSets);
        Volatile.Write(ref plan.LastPushdownLayout, layout);
        return layout;
    }

    private static FieldFold[] FieldsOf(TagSetSeries tagSet, PushdownPlan pushdown, int aggregateCount, List<int> timeSlots, Dictionary<int, int[]> slotsOf)
    {
        var fields = new FieldFold[tagSet.Fields.Count];
        int n = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var (column, seriesId, type) in tagSet.Fields)
            {
                if (!slotsOf.TryGetValue(column, out var slots)) slotsOf[column] = slots = SlotsOf(column, pushdown, aggregateCount, timeSlots);
                if ((slots.Length == 0) == (pass == 1)) fields[n++] = new FieldFold(column, seriesId, type, slots);
            }
        }
        return fields;
    }

    /// <summary>The aggregates folded from the series of <paramref name="column"/>: those reading it, then those over time.</summary>
    private static int[] SlotsOf(int column, PushdownPlan pushdown, int aggregateCount, List<int> timeSlots)
    {
        var slots = new List<int>();
        for (int a = 0; a < aggregateCount; a++) if (pushdown.AggregateFields[a] == column) slots.Add(a);
        slots.AddRange(timeSlots);
        return slots.ToArray();
    }
}

/// <summary>One field series of a tag set and the aggregates it feeds.</summary>
/// <param name="Column">The field's scan index.</param>
/// <param name="SeriesId">The series.</param>
/// <param name="Type">The series' value type.</param>
/// <param name="Slots">The aggregates folded from it (indexes into the plan's aggregates); empty when it only creates groups.</param>
internal readonly record struct FieldFold(int Column, long SeriesId, FieldType Type, int[] Slots);
