using Chronicle.Sql.Execution;
using Chronicle.Sql.Syntax;
using Chronicle.Storage.Catalog;

using ColumnRole = Chronicle.Storage.Catalog.ColumnRole;

namespace Chronicle.Sql.Planning;

/// <summary>What names mean while binding one part of a query.</summary>
internal interface IBindScope
{
    /// <summary>A whole expression this scope already computes (a GROUP BY key, an aggregate), or null.</summary>
    BoundExpr? TryResolveWhole(Expression e);

    /// <summary>Resolves a column reference, or throws a <see cref="ChronicleSqlException"/> at it.</summary>
    BoundExpr ResolveColumn(ColumnRef c);

    /// <summary>The clause being bound, for "aggregates are not allowed in WHERE" errors; null where aggregates are allowed.</summary>
    string? NoAggregatesClause { get; }
}

/// <summary>
/// The columns of a table scan: every column of the table in declared order (time as Timestamp,
/// tags as VarChar, fields by type), addressable by name or by <c>alias.name</c>.
/// </summary>
internal sealed class ScanScope : IBindScope
{
    public ScanScope(TableSchema table, string? alias, string? clause)
    {
        Table = table;
        Alias = alias;
        NoAggregatesClause = clause;
        Columns = table.Columns.Select(c => new ResultColumn(c.Name, ColumnType(c), c.Role == ColumnRole.Tag)).ToArray();
        TimeIndex = IndexOf(table.TimeColumn.Name);
    }

    public TableSchema Table { get; }
    public string? Alias { get; }
    public IReadOnlyList<ResultColumn> Columns { get; }
    public int TimeIndex { get; }
    public string? NoAggregatesClause { get; }

    /// <summary>The same columns, for another clause.</summary>
    public ScanScope For(string? clause) => new(Table, Alias, clause);

    public int IndexOf(string name)
    {
        for (int i = 0; i < Table.Columns.Count; i++) if (Table.Columns[i].Name == name) return i;
        return -1;
    }

    public static ResultType ColumnType(ColumnSchema c) => c.Role switch
    {
        ColumnRole.Time => ResultType.Timestamp,
        ColumnRole.Tag => ResultType.VarChar,
        _ => c.Type switch
        {
            Storage.FieldType.Double => ResultType.Double,
            Storage.FieldType.BigInt => ResultType.BigInt,
            Storage.FieldType.Boolean => ResultType.Boolean,
            _ => ResultType.VarChar,
        },
    };

    public BoundExpr? TryResolveWhole(Expression e) => null;

    public BoundExpr ResolveColumn(ColumnRef c)
    {
        if (c.Table is not null && c.Table != Table.Name && c.Table != Alias)
            throw SqlErrors.At(c.Position, $"table '{c.Table}' is not in the FROM clause{SqlErrors.Suggest(c.Table, [Alias ?? Table.Name])}");
        int i = IndexOf(c.Name);
        if (i < 0) throw SqlErrors.UnknownColumn(c.Position, c.Name, Table.Name, Table.Columns.Select(x => x.Name));
        return new BoundColumn(i, Columns[i].Type, c.Name) { Position = c.Position };
    }
}

/// <summary>A query without FROM: no columns.</summary>
internal sealed class EmptyScope : IBindScope
{
    public static EmptyScope Instance { get; } = new();
    public BoundExpr? TryResolveWhole(Expression e) => null;
    public BoundExpr ResolveColumn(ColumnRef c) => throw SqlErrors.At(c.Position, $"column '{c.Name}' does not exist (the query has no FROM clause)");
    public string? NoAggregatesClause => null;
}

/// <summary>
/// The output of grouping: the GROUP BY keys (columns 0..k-1) then the aggregates. An expression
/// resolves when its text equals a key's or an aggregate's; with SAMPLE BY, the time column
/// stands for the bucket.
/// </summary>
internal sealed class AggregateScope(ScanScope? scan, IReadOnlyList<(string Text, BoundExpr Key, Expression Syntax)> keys,
    IReadOnlyList<AggregateSpec> aggregates, int sampleByKey) : IBindScope
{
    public string? NoAggregatesClause => null;

    public BoundExpr? TryResolveWhole(Expression e)
    {
        var text = SqlFormatter.Format(e);
        if (e is FunctionCall f && KnownFunctions.IsAggregate(f.Name))
        {
            for (int i = 0; i < aggregates.Count; i++)
                if (aggregates[i].Text == text) return new BoundColumn(keys.Count + i, aggregates[i].Type, text) { Position = e.Position };
            return null;
        }
        for (int i = 0; i < keys.Count; i++)
        {
            if (keys[i].Text == text) return new BoundColumn(i, keys[i].Key.Type, text) { Position = e.Position };
            if (e is ColumnRef c && keys[i].Key is BoundColumn kc && kc.Name == c.Name) return new BoundColumn(i, kc.Type, c.Name) { Position = e.Position };
        }
        if (e is ColumnRef t && sampleByKey >= 0 && scan is not null && scan.IndexOf(t.Name) == scan.TimeIndex)
            return new BoundColumn(sampleByKey, ResultType.Timestamp, t.Name) { Position = e.Position };
        return null;
    }

    public BoundExpr ResolveColumn(ColumnRef c)
    {
        if (scan is null) return EmptyScope.Instance.ResolveColumn(c);
        scan.ResolveColumn(c); // unknown-column errors first
        throw SqlErrors.At(c.Position, $"column '{c.Name}' must appear in the GROUP BY clause or be used in an aggregate function");
    }
}
