using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;
using Chronicle.Storage.Catalog;

using ColumnRole = Chronicle.Storage.Catalog.ColumnRole;

namespace Chronicle.Sql.Planning;

/// <summary>
/// Binds a SELECT against the catalog and plans it: star expansion, WHERE analysis (time range,
/// tag matchers, residual filter), grouping (GROUP BY expressions, aliases and ordinals; SAMPLE BY),
/// aggregates, HAVING, projections, ORDER BY (output names, ordinals or expressions), DISTINCT,
/// LIMIT/OFFSET, and whether aggregates can be pushed down to chunk summaries.
/// </summary>
internal static class SelectPlanner
{
    private static readonly HashSet<string> PushdownAggregates = ["count", "sum", "avg", "min", "max", "first", "last"];

    /// <summary>Plans <paramref name="s"/>.</summary>
    /// <param name="s">The statement.</param>
    /// <param name="findTable">Table lookup by name.</param>
    /// <param name="tableNames">Existing table names (for suggestions).</param>
    /// <param name="binder">The statement's binder (parameters, now).</param>
    /// <param name="allowPushdown">Whether aggregates may be pushed down to chunk summaries.</param>
    /// <exception cref="ChronicleSqlException">Unknown names, type errors, misplaced aggregates.</exception>
    public static SelectPlan Plan(SelectStatement s, Func<string, TableSchema?> findTable, IEnumerable<string> tableNames, Binder binder, bool allowPushdown = true)
    {
        ScanScope? scan = null;
        if (s.From is not null)
        {
            var table = findTable(s.From.Name) ?? throw SqlErrors.UnknownTable(s.From.Position, s.From.Name, tableNames);
            scan = new ScanScope(table, s.From.Alias, null);
        }
        IBindScope rowScope = scan is null ? EmptyScope.Instance : scan;

        // Select list with stars expanded.
        var items = new List<(Expression Expr, string Name)>();
        foreach (var item in s.Items)
        {
            if (item.Star)
            {
                if (scan is null) throw SqlErrors.At(item.Position, "SELECT * needs a FROM clause");
                foreach (var c in scan.Table.Columns) items.Add((new ColumnRef(c.Name) { Position = item.Position }, c.Name));
                continue;
            }
            var e = item.Expression!;
            items.Add((e, item.Alias ?? (e is ColumnRef cr ? cr.Name : SqlFormatter.Format(e))));
        }

        // WHERE.
        BoundExpr? where = null;
        if (s.Where is not null)
        {
            where = binder.Bind(s.Where, scan?.For("WHERE") ?? (IBindScope)EmptyScope.Instance);
            if (where.Type is not (ResultType.Boolean or ResultType.Null)) throw SqlErrors.At(s.Where.Position, $"argument of WHERE must be BOOLEAN, not {SqlErrors.TypeName(where.Type)}");
        }
        var predicates = PredicateAnalysis.Analyze(where, scan);

        var aggregateCalls = new List<FunctionCall>();
        foreach (var (e, _) in items) CollectAggregates(e, aggregateCalls);
        if (s.Having is not null) CollectAggregates(s.Having, aggregateCalls);
        foreach (var o in s.OrderBy) CollectAggregates(o.Expression, aggregateCalls);
        bool isAggregate = s.GroupBy.Count > 0 || s.SampleBy is not null || aggregateCalls.Count > 0 || s.Having is not null;

        var groupKeys = new List<BoundExpr>();
        var keyInfo = new List<(string Text, BoundExpr Key, Expression Syntax)>();
        var aggregates = new List<AggregateSpec>();
        int sampleByKey = -1;
        IBindScope outScope = rowScope;
        if (isAggregate)
        {
            if (scan is null && (s.GroupBy.Count > 0 || s.SampleBy is not null)) throw SqlErrors.At(s.Position, "GROUP BY needs a FROM clause");
            var keyScope = scan?.For("GROUP BY") ?? (IBindScope)EmptyScope.Instance;
            foreach (var g in s.GroupBy)
            {
                var syntax = g;
                if (g is Literal { Kind: LiteralKind.Integer, Value: long ordinal })
                {
                    if (ordinal < 1 || ordinal > items.Count) throw SqlErrors.At(g.Position, $"GROUP BY position {ordinal} is not in the select list");
                    syntax = items[(int)ordinal - 1].Expr;
                }
                else if (g is ColumnRef { Table: null } cr && scan!.IndexOf(cr.Name) < 0)
                {
                    var aliased = items.FirstOrDefault(i => i.Name == cr.Name);
                    if (aliased.Expr is not null) syntax = aliased.Expr;
                }
                var key = binder.Bind(syntax, keyScope);
                groupKeys.Add(key);
                keyInfo.Add((SqlFormatter.Format(syntax), key, syntax));
            }
            if (s.SampleBy is not null)
            {
                var width = Binder.Width(binder.Bind(s.SampleBy, keyScope), s.SampleBy);
                var timeRef = new BoundColumn(scan!.TimeIndex, ResultType.Timestamp, scan.Table.TimeColumn.Name);
                var bucket = new BoundFunction("time_bucket", [width, timeRef], ResultType.Timestamp) { Position = s.SampleBy.Position };
                sampleByKey = groupKeys.Count;
                groupKeys.Add(bucket);
                keyInfo.Add(($"time_bucket({SqlFormatter.Format(s.SampleBy)}, {scan.Table.TimeColumn.Name})", bucket, s.SampleBy));
            }
            var argScope = scan?.For("an aggregate's argument") ?? (IBindScope)EmptyScope.Instance;
            foreach (var call in aggregateCalls)
            {
                var text = SqlFormatter.Format(call);
                if (aggregates.Any(a => a.Text == text)) continue;
                aggregates.Add(BindAggregate(call, text, binder, argScope, scan));
            }
            outScope = new AggregateScope(scan, keyInfo, aggregates, sampleByKey);
        }

        // Projections.
        var projections = new List<BoundExpr>();
        var output = new List<ResultColumn>();
        foreach (var (e, name) in items)
        {
            var bound = binder.Bind(e, outScope);
            projections.Add(bound);
            bool isTag = bound is BoundColumn bc && (isAggregate
                ? bc.Index < groupKeys.Count && groupKeys[bc.Index] is BoundColumn kc && scan!.Columns[kc.Index].IsTag
                : scan is not null && scan.Columns[bc.Index].IsTag);
            var type = bound.Type;
            output.Add(new ResultColumn(name, type, isTag));
        }
        BoundExpr? having = null;
        if (s.Having is not null)
        {
            having = binder.Bind(s.Having, outScope);
            if (having.Type is not (ResultType.Boolean or ResultType.Null)) throw SqlErrors.At(s.Having.Position, "argument of HAVING must be BOOLEAN");
        }

        // ORDER BY.
        var order = new List<SortKey>();
        foreach (var o in s.OrderBy)
        {
            int column = -1;
            if (o.Expression is Literal { Kind: LiteralKind.Integer, Value: long ordinal })
            {
                if (ordinal < 1 || ordinal > items.Count) throw SqlErrors.At(o.Expression.Position, $"ORDER BY position {ordinal} is not in the select list");
                column = (int)ordinal - 1;
            }
            else if (o.Expression is ColumnRef { Table: null } cr && output.FindIndex(c => c.Name == cr.Name) is var byName and >= 0)
            {
                column = byName;
            }
            else
            {
                var text = SqlFormatter.Format(o.Expression);
                column = items.FindIndex(i => SqlFormatter.Format(i.Expr) == text);
                if (column < 0)
                {
                    if (s.Distinct) throw SqlErrors.At(o.Expression.Position, "for SELECT DISTINCT, ORDER BY expressions must appear in the select list");
                    projections.Add(binder.Bind(o.Expression, outScope));
                    column = projections.Count - 1;
                }
            }
            order.Add(new SortKey(column, o.Descending, o.NullsFirst ?? o.Descending));
        }

        long? limit = s.Limit is null ? null : Count(binder, s.Limit, "LIMIT");
        long offset = s.Offset is null ? 0 : Count(binder, s.Offset, "OFFSET");

        // Which fields to read.
        var fieldsRead = new HashSet<int>();
        if (scan is not null)
        {
            var scanExprs = new List<BoundExpr>();
            if (predicates.Residual is not null) scanExprs.Add(predicates.Residual);
            if (isAggregate)
            {
                scanExprs.AddRange(groupKeys);
                scanExprs.AddRange(aggregates.Where(a => a.Argument is not null).Select(a => a.Argument!));
            }
            else scanExprs.AddRange(projections);
            foreach (var col in scanExprs.SelectMany(x => x.Descendants()).OfType<BoundColumn>())
                if (scan.Table.Columns[col.Index].Role == ColumnRole.Field) fieldsRead.Add(col.Index);
            // A row exists where any field has a sample, so reading only some fields is exact only
            // when rows without them cannot matter: ungrouped aggregates that skip NULLs.
            bool rowsMatter = !isAggregate || groupKeys.Count > 0 || aggregates.Count == 0 || aggregates.Any(a => a.Argument is null || !ReadsField(a.Argument, scan))
                || (predicates.Residual is not null && predicates.Residual.Descendants().Any(d => d is BoundIsNull { Negated: false } or BoundFunction { Name: "coalesce" }));
            if (rowsMatter || fieldsRead.Count == 0)
                for (int i = 0; i < scan.Table.Columns.Count; i++)
                    if (scan.Table.Columns[i].Role == ColumnRole.Field) fieldsRead.Add(i);
        }

        string? reason = null;
        var pushdown = scan is null || !isAggregate ? null
            : allowPushdown ? TryPushdown(scan, predicates, groupKeys, aggregates, out reason)
            : Disabled(out reason);
        return new SelectPlan
        {
            Scan = scan,
            Predicates = predicates,
            FieldsRead = fieldsRead,
            IsAggregate = isAggregate,
            GroupKeys = groupKeys,
            Aggregates = aggregates,
            Having = having,
            Projections = projections,
            Output = output,
            Order = order,
            Distinct = s.Distinct,
            Limit = limit,
            Offset = offset,
            Pushdown = pushdown,
            NoPushdownReason = isAggregate ? reason : null,
        };
    }

    private static bool ReadsField(BoundExpr e, ScanScope scan) =>
        e.Descendants().OfType<BoundColumn>().Any(c => scan.Table.Columns[c.Index].Role == ColumnRole.Field);

    private static long Count(Binder binder, Expression e, string clause)
    {
        var v = binder.Bind(e, EmptyScope.Instance);
        if (v is not BoundConstant { Value: long n } || n < 0)
            throw SqlErrors.At(e.Position, $"{clause} must be a non-negative integer");
        return n;
    }

    /// <summary>Adds the aggregate calls in <paramref name="e"/> (not descending into them) to <paramref name="into"/>.</summary>
    private static void CollectAggregates(Expression e, List<FunctionCall> into)
    {
        switch (e)
        {
            case FunctionCall f when KnownFunctions.IsAggregate(f.Name): into.Add(f); break;
            case FunctionCall f: foreach (var a in f.Arguments) CollectAggregates(a, into); break;
            case Binary b: CollectAggregates(b.Left, into); CollectAggregates(b.Right, into); break;
            case Unary u: CollectAggregates(u.Operand, into); break;
            case Between b: CollectAggregates(b.Value, into); CollectAggregates(b.Low, into); CollectAggregates(b.High, into); break;
            case InList l: CollectAggregates(l.Value, into); foreach (var i in l.Items) CollectAggregates(i, into); break;
            case Like l: CollectAggregates(l.Value, into); CollectAggregates(l.Pattern, into); break;
            case IsNull n: CollectAggregates(n.Value, into); break;
            case Cast c: CollectAggregates(c.Value, into); break;
        }
    }

    private static AggregateSpec BindAggregate(FunctionCall f, string text, Binder binder, IBindScope scope, ScanScope? scan)
    {
        var name = KnownFunctions.Canonical(f.Name);
        if (f.Star)
        {
            if (name != "count") throw SqlErrors.At(f.Position, $"{f.Name}(*) is not allowed; only count(*)");
            return new AggregateSpec("count", null, 0, false, ResultType.BigInt, text);
        }
        BoundExpr arg;
        double fraction = 0;
        if (name is "percentile_cont" or "percentile_disc")
        {
            Expression valueSyntax, fractionSyntax;
            bool descending = false;
            if (f.WithinGroup is { Count: 1 } wg && f.Arguments.Count == 1) { valueSyntax = wg[0].Expression; fractionSyntax = f.Arguments[0]; descending = wg[0].Descending; }
            else if (f.Arguments.Count == 2) { valueSyntax = f.Arguments[0]; fractionSyntax = f.Arguments[1]; }
            else throw SqlErrors.At(f.Position, $"{name} is written {name}(fraction) WITHIN GROUP (ORDER BY value)");
            var p = binder.Bind(fractionSyntax, scope);
            if (p is not BoundConstant { Value: double or long } pc || Convert.ToDouble(pc.Value, System.Globalization.CultureInfo.InvariantCulture) is var pv && (pv < 0 || pv > 1))
                throw SqlErrors.At(fractionSyntax.Position, $"the fraction of {name} must be a constant between 0 and 1");
            fraction = descending ? 1 - pv : pv;
            arg = binder.Bind(valueSyntax, scope);
        }
        else
        {
            if (f.Arguments.Count != 1) throw SqlErrors.At(f.Position, $"aggregate {f.Name} takes one argument, not {f.Arguments.Count}");
            arg = binder.Bind(f.Arguments[0], scope);
            if (name == "median") { name = "percentile_cont"; fraction = 0.5; }
        }
        if (f.Distinct && name != "count") throw SqlErrors.At(f.Position, $"DISTINCT is supported only in count(DISTINCT x)");
        bool numeric = arg.Type is ResultType.Double or ResultType.BigInt or ResultType.Null;
        ResultType type = name switch
        {
            "count" => ResultType.BigInt,
            "sum" when arg.Type == ResultType.BigInt => ResultType.BigInt,
            "sum" or "avg" or "stddev" or "stddev_pop" or "variance" or "var_pop" or "spread" or "rate" or "percentile_cont" when numeric => ResultType.Double,
            "percentile_disc" when numeric => arg.Type == ResultType.BigInt ? ResultType.BigInt : ResultType.Double,
            "min" or "max" or "first" or "last" => arg.Type,
            _ => throw SqlErrors.At(f.Position, $"aggregate {f.Name} cannot be applied to {SqlErrors.TypeName(arg.Type)}"),
        };
        return new AggregateSpec(name, arg, fraction, f.Distinct, type, text);
    }

    private static PushdownPlan? Disabled(out string reason)
    {
        reason = "disabled";
        return null;
    }

    private static PushdownPlan? TryPushdown(ScanScope scan, PredicateAnalysis predicates, List<BoundExpr> keys, List<AggregateSpec> aggregates, out string? reason)
    {
        reason = null;
        if (predicates.Residual is not null) { reason = "a row filter remains"; return null; }
        if (aggregates.Count == 0) { reason = "no aggregates"; return null; }
        var pkeys = new List<PushdownKey>();
        int buckets = 0;
        foreach (var k in keys)
        {
            if (k is BoundColumn c && scan.Columns[c.Index].IsTag) { pkeys.Add(new PushdownKey(c.Index, 0, 0)); continue; }
            // Calendar buckets (months, years): a chunk is folded from its summary only when its first
            // and last times fall in the same calendar bucket (PushdownKey.BucketOf).
            if (k is BoundFunction { Name: "time_bucket" } cb && cb.Arguments[0] is BoundConstant { Value: CalendarWidth calendar }
                && cb.Arguments[1] is BoundColumn ct && ct.Index == scan.TimeIndex
                && (cb.Arguments.Count < 3 || cb.Arguments[2] is BoundConstant { Value: long }) && buckets++ == 0)
            {
                long origin = cb.Arguments.Count > 2 ? (long)((BoundConstant)cb.Arguments[2]).Value! : CalendarWidth.DefaultOrigin;
                pkeys.Add(new PushdownKey(-1, 0, origin, calendar));
                continue;
            }
            if (k is BoundFunction { Name: "time_bucket" } f && f.Arguments[0] is BoundConstant { Value: long w }
                && f.Arguments[1] is BoundColumn t && t.Index == scan.TimeIndex
                && (f.Arguments.Count < 3 || f.Arguments[2] is BoundConstant { Value: long }) && buckets++ == 0)
            {
                long origin = f.Arguments.Count > 2 ? (long)((BoundConstant)f.Arguments[2]).Value! : 0;
                pkeys.Add(new PushdownKey(-1, w, origin));
                continue;
            }
            reason = "a GROUP BY key is neither a tag nor one time bucket";
            return null;
        }
        var fields = new List<int>();
        foreach (var a in aggregates)
        {
            if (!PushdownAggregates.Contains(a.Function) || a.Distinct) { reason = $"aggregate {a.Function} has no chunk summary"; return null; }
            if (a.Argument is null)
            {
                if (scan.Table.Fields.Count != 1) { reason = "count(*) over several fields counts rows, not samples"; return null; }
                fields.Add(scan.IndexOf(scan.Table.Fields[0].Name));
                continue;
            }
            // min/max of the time column: a row's time is the time of any of its samples, so it folds
            // over every field series of the tag set (the chunk summaries' MinTime / MaxTime).
            if (a.Argument is BoundColumn { Index: var ti } && ti == scan.TimeIndex && a.Function is "min" or "max")
            {
                fields.Add(scan.TimeIndex);
                continue;
            }
            if (a.Argument is not BoundColumn col || scan.Table.Columns[col.Index].Role != ColumnRole.Field) { reason = "an aggregate's argument is not a plain field"; return null; }
            // Summaries hold min/max/sum as doubles (numeric fields only) and first/last as 64-bit words (not text).
            bool summarizable = a.Function switch
            {
                "count" => true,
                "first" or "last" => col.Type != ResultType.VarChar,
                _ => col.Type is ResultType.Double or ResultType.BigInt,
            };
            if (!summarizable) { reason = $"{a.Function} over {SqlErrors.TypeName(col.Type)} has no chunk summary"; return null; }
            fields.Add(col.Index);
        }
        return new PushdownPlan(pkeys, fields);
    }
}
