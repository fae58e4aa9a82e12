using System.Diagnostics;
using Chronicle.Sql.Execution.Operators;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;
using Chronicle.Storage;

namespace Chronicle.Sql.Execution;

/// <summary>
/// EXPLAIN [ANALYZE]: a one-column result <c>plan</c>, one line per fact: table, time range, tag
/// matchers and other pushed-down predicates, series and tag sets matched, the row filter, grouping
/// and whether aggregates are pushed down to chunk summaries, order and limit, and the pruning
/// counters of the read (shards, segments, chunks). Plain EXPLAIN measures pruning by walking the
/// matched series with every in-range chunk allowed to answer from its summary (nothing is
/// decoded); EXPLAIN ANALYZE runs the query and reports the actual counters, rows and time.
/// </summary>
internal static class Explain
{
    public static QueryResult Run(ExplainStatement s, SelectPlan plan, StorageEngine storage, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        if (plan.Scan is null)
        {
            lines.Add("no table: one computed row");
            return Result(lines);
        }
        using var view = storage.OpenReadView();
        var p = plan.Predicates;
        lines.Add($"table: {plan.Scan.Table.Name}");
        lines.Add(p.Empty ? "time range: empty (no rows can match)"
            : $"time range: [{Bound(p.MinTime)}, {Bound(p.MaxTime)}]");
        lines.Add(p.PushedDown.Count == 0 ? "pushed down: nothing" : "pushed down: " + string.Join("; ", p.PushedDown));
        var tagSets = QueryBuilder.MatchTagSets(view, plan);
        int series = tagSets.Sum(t => t.Fields.Count);
        var fields = plan.FieldsRead.Order().Select(i => plan.Scan.Table.Columns[i].Name);
        lines.Add($"series matched: {series} in {tagSets.Count} tag set(s); fields read: {string.Join(", ", fields)}");
        lines.Add(p.Residual is null ? "row filter: none" : $"row filter: {Describe(p.Residual)}");
        if (plan.IsAggregate)
        {
            lines.Add($"aggregate: {plan.Aggregates.Count} aggregate(s) ({string.Join(", ", plan.Aggregates.Select(a => a.Text))}) over {plan.GroupKeys.Count} key(s)");
            lines.Add(plan.Pushdown is not null
                ? "aggregate pushdown: yes (chunks inside one bucket and the time range are folded from their summaries)"
                : $"aggregate pushdown: no ({plan.NoPushdownReason})");
        }
        if (plan.Order.Count > 0) lines.Add($"order: {plan.Order.Count} key(s){(plan.Limit is { } l ? $", top-{l + plan.Offset}" : "")}");
        if (plan.Limit is not null || plan.Offset > 0) lines.Add($"limit: {(plan.Limit?.ToString() ?? "all")} offset {plan.Offset}");

        long rows = 0;
        var watch = Stopwatch.StartNew();
        if (s.Analyze)
        {
            using var root = QueryBuilder.Build(plan, view, out _);
            while (root.Next(cancellationToken) is { } batch) rows += batch.RowCount;
        }
        else
        {
            foreach (var ts in tagSets)
                foreach (var f in ts.Fields)
                    foreach (var _ in view.Read(f.SeriesId, p.MinTime, p.MaxTime, (lo, hi) => lo >= p.MinTime && hi <= p.MaxTime))
                        cancellationToken.ThrowIfCancellationRequested();
        }
        var st = view.Statistics;
        lines.Add($"shards: {st.ShardsKept} kept, {st.ShardsPruned} pruned");
        lines.Add($"segments: {st.SegmentsKept} kept, {st.SegmentsPruned} pruned");
        lines.Add($"chunks: {st.ChunksDecoded} decoded, {st.ChunksSummarized} summarized, {st.ChunksPruned} pruned; samples decoded: {st.SamplesDecoded}");
        if (s.Analyze) lines.Add($"rows: {rows}; elapsed: {watch.Elapsed.TotalMilliseconds:F1} ms");
        return Result(lines);
    }

    private static string Bound(long ns) => ns == long.MinValue ? "-inf" : ns == long.MaxValue ? "+inf" : TimeValues.Format(ns);

    private static string Describe(BoundExpr e) => e switch
    {
        BoundColumn c => c.Name,
        BoundConstant { Value: null } => "NULL",
        BoundConstant { Type: Execution.ResultType.Timestamp, Value: long l } => $"'{TimeValues.Format(l)}'",
        BoundConstant { Value: string s } => $"'{s}'",
        BoundConstant k => ValueConverter.ToText(k.Value!),
        BoundBinary b => $"({Describe(b.Left)} {SqlFormatter.OperatorText(b.Operator)} {Describe(b.Right)})",
        BoundUnary u => u.Operator == UnaryOperator.Not ? $"(NOT {Describe(u.Operand)})" : $"(-{Describe(u.Operand)})",
        BoundIsNull n => $"({Describe(n.Value)} IS {(n.Negated ? "NOT " : "")}NULL)",
        BoundInList l => $"({Describe(l.Value)} {(l.Negated ? "NOT IN" : "IN")} ({string.Join(", ", l.Items.Select(Describe))}))",
        BoundLike l => $"({Describe(l.Value)} {(l.Negated ? "NOT " : "")}LIKE {Describe(l.Pattern)})",
        BoundCast c => $"CAST({Describe(c.Value)} AS {SqlErrors.TypeName(c.Type)})",
        BoundFunction f => $"{f.Name}({string.Join(", ", f.Arguments.Select(Describe))})",
        _ => "?",
    };

    private static QueryResult Result(List<string> lines) =>
        new OperatorQueryResult(ValuesOperator.FromRows([new ResultColumn("plan", ResultType.VarChar)], lines.Select(l => new object?[] { l })), null);
}
