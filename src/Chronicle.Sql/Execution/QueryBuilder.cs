using Chronicle.Sql.Execution.Operators;
using Chronicle.Sql.Planning;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Reading;

namespace Chronicle.Sql.Execution;

/// <summary>
/// Turns a <see cref="SelectPlan"/> into an operator tree over a <see cref="ReadView"/>:
/// scan (or pushdown aggregate) -> filter -> aggregate -> having -> project -> distinct -> sort / top-N -> limit -> trim.
/// </summary>
internal static class QueryBuilder
{
    /// <summary>
    /// The series the plan reads, grouped by tag set in canonical order; the plan's last answer
    /// when the catalog has not changed since (<see cref="SelectPlan.LastMatch"/>). The list is
    /// shared: callers must not modify it.
    /// </summary>
    public static List<TagSetSeries> MatchTagSets(ReadView view, SelectPlan plan)
    {
        long version = view.CatalogVersion;
        if (plan.LastMatch is { } last && last.CatalogVersion == version) return last.TagSets;
        var tagSets = Match(view, plan);
        plan.LastMatch = new MatchedTagSets(version, tagSets);
        return tagSets;
    }

    private static List<TagSetSeries> Match(ReadView view, SelectPlan plan)
    {
        var scan = plan.Scan!;
        if (plan.Predicates.Empty) return [];
        var fieldNames = plan.FieldsRead.Select(i => scan.Table.Columns[i].Name).ToArray();
        if (fieldNames.Length == 0) return [];
        var ids = view.MatchSeries(scan.Table.Name, plan.Predicates.Matchers, fieldNames);
        var byTags = new Dictionary<string, (TagSet Tags, List<(int, long, Storage.FieldType)> Fields)>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var info = view.GetSeries(id);
            int column = scan.IndexOf(info.Key.Field);
            if (column < 0 || !plan.FieldsRead.Contains(column)) continue;
            if (!byTags.TryGetValue(info.Key.Tags.Canonical, out var entry))
                byTags[info.Key.Tags.Canonical] = entry = (info.Key.Tags, []);
            entry.Fields.Add((column, id, info.Type));
        }
        return byTags.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new TagSetSeries(kv.Value.Tags, kv.Value.Fields.OrderBy(f => f.Item1).ToArray()))
            .ToList();
    }

    /// <summary>Builds the operator tree; <paramref name="view"/> may be null only for a query without FROM.</summary>
    public static Operator Build(SelectPlan plan, ReadView? view, out List<TagSetSeries> tagSets)
    {
        tagSets = [];
        Operator source;
        if (plan.Scan is null)
        {
            var one = new ValuesOperator([], [new ColumnBatch(1, [])]);
            source = plan.Predicates.Residual is null && !plan.Predicates.Empty ? one
                : plan.Predicates.Empty ? new ValuesOperator([], []) : new FilterOperator(one, plan.Predicates.Residual!);
            if (plan.IsAggregate) source = new HashAggregateOperator(source, plan.GroupKeys, plan.Aggregates, -1);
        }
        else
        {
            tagSets = MatchTagSets(view!, plan);
            long min = plan.Predicates.MinTime, max = plan.Predicates.MaxTime;
            if (plan.Pushdown is not null)
            {
                source = new SeriesAggregateOperator(view!, plan.Pushdown, PushdownLayout.For(plan, tagSets), plan.Aggregates, min, max, NewestBuckets(plan));
            }
            else
            {
                var sets = tagSets;
                var prune = ScanPrune.Find(plan.Predicates.Residual, plan.Scan);
                source = StreamsInTimeOrder(plan) && sets.Count > 1
                    ? new TimeMergeOperator(sets.Select(ts => (Operator)new TableScanOperator(view!, plan.Scan, [ts], min, max, TimeMergeOperator.InputBatchSize(sets.Count), prune)).ToArray(), plan.Scan.TimeIndex)
                    : new TableScanOperator(view!, plan.Scan, tagSets, min, max, prune: prune);
                if (plan.Predicates.Residual is not null) source = new FilterOperator(source, plan.Predicates.Residual);
                if (plan.IsAggregate) source = new HashAggregateOperator(source, plan.GroupKeys, plan.Aggregates, plan.Scan.TimeIndex);
            }
        }
        if (plan.Having is not null) source = new FilterOperator(source, plan.Having);
        source = new ProjectOperator(source, plan.Projections, plan.ProjectedColumns);
        if (plan.Distinct) source = new DistinctOperator(source, plan.Output.Count);
        if (plan.Order.Count > 0 && !AlreadyOrdered(plan, tagSets))
            source = new SortOperator(source, plan.Order, plan.Limit is { } l ? l + plan.Offset : null);
        if (plan.Limit is not null || plan.Offset > 0) source = new LimitOperator(source, plan.Limit, plan.Offset);
        if (plan.Projections.Count > plan.Output.Count) source = new TrimColumnsOperator(source, plan.Output.Count);
        return source;
    }

    /// <summary>
    /// LIMIT + OFFSET when a pushed-down aggregation groups by the time bucket alone and the query
    /// keeps only the newest buckets (ORDER BY the bucket DESC, no HAVING or DISTINCT); else null.
    /// </summary>
    private static long? NewestBuckets(SelectPlan plan) =>
        plan.Pushdown is { Keys.Count: 1 } p && p.Keys[0].TagIndex < 0 && plan.Limit is { } limit && plan.Having is null && !plan.Distinct
        && plan.Order.Count == 1 && plan.Order[0].Descending && plan.Projections[plan.Order[0].Column] is BoundColumn { Index: 0 }
            ? limit + plan.Offset
            : null;

    /// <summary>
    /// Whether the rows reach ORDER BY in its order already, so no sort is needed: ORDER BY time
    /// (ascending) without grouping (one tag set's scan is in time order, and several are merged by
    /// time, <see cref="TimeMergeOperator"/>), or a grouped query ordered by its leading group keys
    /// (<see cref="GroupsInKeyOrder"/>).
    /// </summary>
    private static bool AlreadyOrdered(SelectPlan plan, List<TagSetSeries> tagSets) => StreamsInTimeOrder(plan) || GroupsInKeyOrder(plan);

    /// <summary>
    /// ORDER BY the first n GROUP BY keys in their order, each ascending with NULLs last (the
    /// default for ASC), without DISTINCT: the aggregation emits its groups sorted by all their keys
    /// that way (<see cref="GroupTable.Emit"/>, comparing values as the sort does), and HAVING and
    /// the projection keep the order. E.g. <c>GROUP BY bucket ORDER BY bucket</c>.
    /// </summary>
    private static bool GroupsInKeyOrder(SelectPlan plan)
    {
        if (!plan.IsAggregate || plan.Distinct || plan.Order.Count > plan.GroupKeys.Count) return false;
        for (int i = 0; i < plan.Order.Count; i++)
        {
            var key = plan.Order[i];
            if (key.Descending || key.NullsFirst || plan.Projections[key.Column] is not BoundColumn { Index: var k } || k != i) return false;
        }
        return true;
    }

    private static bool StreamsInTimeOrder(SelectPlan plan) =>
        !plan.IsAggregate && !plan.Distinct && plan.Scan is not null && plan.Order.Count == 1
        && !plan.Order[0].Descending && plan.Projections[plan.Order[0].Column] is BoundColumn c && c.Index == plan.Scan.TimeIndex;
}
