using Chronicle.Sql.Execution;

namespace Chronicle.Sql.Planning;

/// <summary>
/// A bound SELECT, ready to become operators: what to read (table, time range, tag matchers, fields),
/// the row filter, the grouping and aggregates, the projections, and the order / distinct / limit.
/// </summary>
internal sealed class SelectPlan
{
    /// <summary>The scanned table's columns, or null for a query without FROM.</summary>
    public ScanScope? Scan { get; init; }

    /// <summary>Time range, tag matchers and the residual row filter.</summary>
    public PredicateAnalysis Predicates { get; init; } = new();

    /// <summary>Field columns to read (scan indexes); the others come back as NULL.</summary>
    public HashSet<int> FieldsRead { get; init; } = [];

    /// <summary>Whether the query groups (GROUP BY, SAMPLE BY, aggregates, HAVING).</summary>
    public bool IsAggregate { get; init; }

    /// <summary>Grouping keys over the scan's columns.</summary>
    public List<BoundExpr> GroupKeys { get; init; } = [];

    /// <summary>Aggregates over the scan's columns.</summary>
    public List<AggregateSpec> Aggregates { get; init; } = [];

    /// <summary>HAVING over the aggregate output (keys then aggregates).</summary>
    public BoundExpr? Having { get; init; }

    /// <summary>Projections: the visible output columns, then hidden sort keys.</summary>
    public List<BoundExpr> Projections { get; init; } = [];

    /// <summary>The visible output columns.</summary>
    public List<ResultColumn> Output { get; init; } = [];

    /// <summary>ORDER BY keys as indexes into <see cref="Projections"/>.</summary>
    public List<SortKey> Order { get; init; } = [];

    /// <summary>SELECT DISTINCT.</summary>
    public bool Distinct { get; init; }

    /// <summary>LIMIT, or null.</summary>
    public long? Limit { get; init; }

    /// <summary>OFFSET (0 when absent).</summary>
    public long Offset { get; init; }

    /// <summary>Aggregate pushdown to chunk summaries, or null when the query does not qualify.</summary>
    public PushdownPlan? Pushdown { get; init; }

    /// <summary>Why pushdown does not apply (for EXPLAIN), or null.</summary>
    public string? NoPushdownReason { get; init; }

    /// <summary>
    /// The tag sets this plan matched last and the catalog version they were matched at (a memo
    /// for a plan run again, see <see cref="Execution.PlanCache"/>; replaced whole, so threads
    /// sharing the plan see either the old or the new pair), or null.
    /// </summary>
    public MatchedTagSets? LastMatch { get; set; }

    /// <summary>
    /// The pushdown layout computed for the tag sets this plan matched last (a memo like
    /// <see cref="LastMatch"/>, see <see cref="Execution.Operators.PushdownLayout.For"/>), or null.
    /// A field so that it is read and replaced with <see cref="Volatile"/>.
    /// </summary>
    public Execution.Operators.PushdownLayout? LastPushdownLayout;

    private Execution.ResultColumn[]? _projectedColumns;

    /// <summary>
    /// The columns the projection step produces: <see cref="Output"/>, then a <c>sortN</c> column for
    /// each hidden sort key. Computed on first use and kept (a plan run again reuses it; threads
    /// racing compute equal arrays). Shared: callers must not modify it.
    /// </summary>
    public Execution.ResultColumn[] ProjectedColumns
    {
        get
        {
            if (Volatile.Read(ref _projectedColumns) is { } known) return known;
            var columns = new Execution.ResultColumn[Math.Max(Output.Count, Projections.Count)];
            for (int i = 0; i < columns.Length; i++)
                columns[i] = i < Output.Count ? Output[i] : new Execution.ResultColumn($"sort{i - Output.Count}", Projections[i].Type);
            Volatile.Write(ref _projectedColumns, columns);
            return columns;
        }
    }
}

/// <summary>The tag sets a plan matched at one catalog version; shared, never modified.</summary>
/// <param name="CatalogVersion">The catalog version read before matching.</param>
/// <param name="TagSets">The matched series by tag set.</param>
internal sealed record MatchedTagSets(long CatalogVersion, List<Execution.Operators.TagSetSeries> TagSets);

/// <summary>One ORDER BY key.</summary>
/// <param name="Column">Index into the projections.</param>
/// <param name="Descending">DESC.</param>
/// <param name="NullsFirst">Whether NULLs sort first (default: last for ASC, first for DESC, like PostgreSQL).</param>
internal sealed record SortKey(int Column, bool Descending, bool NullsFirst);

/// <summary>
/// Aggregation folded per series instead of per row: each key is a tag (its scan index) or the
/// time bucket (width and origin in nanoseconds, or a calendar width in months); aggregates read one field each.
/// </summary>
/// <param name="Keys">One entry per GROUP BY key.</param>
/// <param name="AggregateFields">Per aggregate, the scan index of its field (or the only field for count(*); the time column's index for min/max(time), folded over every field series).</param>
internal sealed record PushdownPlan(IReadOnlyList<PushdownKey> Keys, IReadOnlyList<int> AggregateFields)
{
    /// <summary>The bucket key, or null when grouping only by tags.</summary>
    public PushdownKey? Bucket => Keys.FirstOrDefault(k => k.TagIndex < 0);
}

/// <summary>A pushdown grouping key.</summary>
/// <param name="TagIndex">Scan index of the tag, or -1 for the time bucket.</param>
/// <param name="Width">Bucket width, nanoseconds (0 for a calendar bucket).</param>
/// <param name="Origin">Bucket origin, nanoseconds (a month start for a calendar bucket).</param>
/// <param name="Calendar">The width in months of a calendar bucket, or null for a fixed width.</param>
internal sealed record PushdownKey(int TagIndex, long Width, long Origin, CalendarWidth? Calendar = null)
{
    /// <summary>The start (ns) of the bucket holding <paramref name="time"/>.</summary>
    /// <exception cref="ChronicleSqlException">A calendar bucket starting before the earliest int64 timestamp (1677-09-21).</exception>
    public long BucketOf(long time)
    {
        if (Calendar is null) return TimeValues.Bucket(time, Width, Origin);
        return Calendar.TryBucket(time, Origin, out long start) ? start
            : throw SqlErrors.At(default, $"time_bucket: the {Calendar} bucket of {TimeValues.Format(time)} starts before 1677-09-21, the earliest timestamp");
    }

    /// <summary>The start of the bucket after the one starting at <paramref name="start"/> (long.MaxValue past the time range).</summary>
    public long Next(long start)
    {
        if (Calendar is null) return start > long.MaxValue - Width ? long.MaxValue : start + Width;
        return CalendarWidth.TryMonthStart(CalendarWidth.MonthIndex(start) + Calendar.Months, out long next) ? next : long.MaxValue;
    }

    /// <summary>How many buckets lie from the bucket starting at <paramref name="first"/> to the one starting at <paramref name="last"/> (0 when the same).</summary>
    public long BucketsBetween(long first, long last) => Calendar is null
        ? (last - first) / Width
        : (CalendarWidth.MonthIndex(last) - CalendarWidth.MonthIndex(first)) / Calendar.Months;

    /// <summary>The start of the bucket <paramref name="count"/> (at least 0) buckets before the one starting at <paramref name="start"/>, or null outside the time range.</summary>
    public long? StepBack(long start, long count)
    {
        if (Calendar is not null)
        {
            if (count > int.MaxValue / Calendar.Months) return null;
            return CalendarWidth.TryMonthStart(CalendarWidth.MonthIndex(start) - count * Calendar.Months, out long s) ? s : null;
        }
        if (count > (long.MaxValue / 4) / Width) return null;
        long back = count * Width;
        return start >= long.MinValue + back ? start - back : null;
    }
}
