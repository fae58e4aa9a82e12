using Chronicle.Sql.Execution.Operators;
using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;
using SyntaxRole = Chronicle.Sql.Syntax.ColumnRole;
using StorageRole = Chronicle.Storage.Catalog.ColumnRole;

namespace Chronicle.Sql.Execution;

/// <summary>
/// Executes one parsed statement against the engine: DDL (CREATE / DROP TABLE), catalog queries
/// (SHOW TABLES, DESCRIBE), INSERT, DELETE, SELECT, EXPLAIN and COPY.
/// </summary>
internal sealed class StatementExecutor(SqlSession session)
{
    private readonly InsertExecutor _inserts = new(session);

    /// <summary>The session's INSERT runner (its writers hold a transaction's inserted rows until commit).</summary>
    public InsertExecutor Inserts => _inserts;

    private StorageEngine Storage => session.Database.Storage;

    /// <summary>Executes <paramref name="statement"/>.</summary>
    public async ValueTask<StatementResult> ExecuteAsync(Statement statement, SqlParameters parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A SELECT whose plan is cached binds nothing: it makes its binder only when planning.
        if (statement is SelectStatement select) return new StatementResult(Select(select, parameters));
        var binder = new Binder(parameters, TimeValues.Now());
        switch (statement)
        {
            case CreateTableStatement s: return new StatementResult(CreateTable(s, binder));
            case DropTableStatement s:
                if (Storage.GetTable(s.Table) is null)
                {
                    if (s.IfExists) return new StatementResult(0);
                    throw SqlErrors.UnknownTable(s.Position, s.Table, TableNames());
                }
                Storage.DropTable(s.Table, s.IfExists);
                return new StatementResult(0);
            case ShowTablesStatement:
                return new StatementResult(new OperatorQueryResult(ValuesOperator.FromRows([new ResultColumn("name", ResultType.VarChar)],
                    TableNames().Order(StringComparer.Ordinal).Select(n => new object?[] { n })), null));
            case DescribeStatement s:
            {
                var table = FindTable(s.Table, s.Position);
                return new StatementResult(new OperatorQueryResult(ValuesOperator.FromRows(
                    [new ResultColumn("name", ResultType.VarChar), new ResultColumn("type", ResultType.VarChar), new ResultColumn("role", ResultType.VarChar)],
                    table.Columns.Select(c => new object?[] { c.Name, ColumnTypeName(c), c.Role.ToString().ToLowerInvariant() })), null));
            }
            case InsertStatement s: return new StatementResult(await InsertAsync(s, binder, cancellationToken).ConfigureAwait(false));
            case DeleteStatement s: return new StatementResult(await DeleteAsync(s, binder, cancellationToken).ConfigureAwait(false));
            case ExplainStatement s: return new StatementResult(Explain.Run(s, Plan(s.Query, binder), Storage, cancellationToken));
            case CopyToStatement s:
            {
                if (s.Format is CopyFormat.Arrow or CopyFormat.ArrowStream)
                {
                    var arrow = session.Database.ArrowCopy ?? throw ArrowNotInstalled(s);
                    return new StatementResult(arrow.Export(Select(s.Query, parameters), s.Path, s.Format, cancellationToken));
                }
                return new StatementResult(CsvCopy.Export(Select(s.Query, parameters), s.Path, cancellationToken));
            }
            case CopyFromStatement s:
            {
                var table = FindTable(s.Table, s.Position);
                if (s.Format is CopyFormat.Arrow or CopyFormat.ArrowStream)
                {
                    var arrow = session.Database.ArrowCopy ?? throw ArrowNotInstalled(s);
                    return new StatementResult(await arrow.ImportAsync(session, table, s, cancellationToken).ConfigureAwait(false));
                }
                if (s.TimeColumn is not null || s.NumberRows) throw SqlErrors.At(s.Position, "TIME_COLUMN applies only to FORMAT ARROW");
                return new StatementResult(await CsvCopy.ImportAsync(session, table, s.Path, s.Position, cancellationToken).ConfigureAwait(false));
            }
            default:
                throw SqlErrors.At(statement.Position, $"{statement.GetType().Name} is not supported");
        }
    }

    private static ChronicleSqlException ArrowNotInstalled(Statement s) =>
        SqlErrors.At(s.Position, "COPY ... FORMAT ARROW is executed by the ADO.NET provider");

    private IEnumerable<string> TableNames() => Storage.Tables.Select(t => t.Name);

    private TableSchema FindTable(string name, SourcePosition position) =>
        Storage.GetTable(name) ?? throw SqlErrors.UnknownTable(position, name, TableNames());

    private static string ColumnTypeName(ColumnSchema c) => c.Role switch
    {
        StorageRole.Time => "TIMESTAMP",
        StorageRole.Tag => "TAG",
        _ => c.Type.ToString().ToUpperInvariant(),
    };

    /// <summary>Binds and plans a SELECT.</summary>
    public SelectPlan Plan(SelectStatement s, Binder binder) => SelectPlanner.Plan(s, Storage.GetTable, TableNames(), binder, session.Database.AggregatePushdown);

    private QueryResult Select(SelectStatement s, SqlParameters parameters)
    {
        var database = session.Database;
        bool pushdown = database.AggregatePushdown;
        var plan = database.Plans.TryGet(s, Storage, pushdown);
        if (plan is null)
        {
            var binder = new Binder(parameters, TimeValues.Now());
            plan = database.Plans.Store(s, binder, SelectPlanner.Plan(s, Storage.GetTable, TableNames(), binder, pushdown), pushdown);
        }
        var view = plan.Scan is null ? null : Storage.OpenReadView();
        try
        {
            return new OperatorQueryResult(QueryBuilder.Build(plan, view, out _), view);
        }
        catch
        {
            view?.Dispose();
            throw;
        }
    }

    private int CreateTable(CreateTableStatement s, Binder binder)
    {
        if (Storage.GetTable(s.Table) is not null)
        {
            if (s.IfNotExists) return 0;
            throw SqlErrors.At(s.Position, $"table '{s.Table}' already exists");
        }
        var columns = s.Columns.Select(c => new ColumnSchema(c.Name,
            c.Role switch { SyntaxRole.Time => StorageRole.Time, SyntaxRole.Tag => StorageRole.Tag, _ => StorageRole.Field },
            c.Role == SyntaxRole.Time ? FieldType.BigInt : c.Type switch
            {
                SqlType.Double => FieldType.Double,
                SqlType.BigInt => FieldType.BigInt,
                SqlType.Boolean => FieldType.Boolean,
                SqlType.Varchar => FieldType.VarChar,
                _ => throw SqlErrors.At(c.Position, $"column '{c.Name}' cannot have type {c.TypeName}"),
            })).ToArray();
        TimeSpan? retention = null, shard = null;
        foreach (var o in s.Options)
        {
            var value = binder.Bind(o.Value, EmptyScope.Instance);
            long ns = value switch
            {
                BoundConstant { Value: long l } => l,
                BoundConstant { Value: string text } when TimeValues.TryParseDuration(text, out var d) => d,
                _ => throw SqlErrors.At(o.Value.Position, $"option {o.Name} must be a duration such as 30d or '30 days'"),
            };
            var span = TimeSpan.FromTicks(ns / 100);
            switch (o.Name)
            {
                case "retention": retention = span; break;
                case "shard_duration": shard = span; break;
                default: throw SqlErrors.At(o.Position, $"unknown table option '{o.Name}'{SqlErrors.Suggest(o.Name, ["retention", "shard_duration"])}");
            }
        }
        TableSchema schema;
        try
        {
            schema = new TableSchema(s.Table, columns, retention, shard);
        }
        catch (ArgumentException ex)
        {
            throw SqlErrors.At(s.Position, ex.Message.Split(" (Parameter")[0]);
        }
        Storage.CreateTable(schema, s.IfNotExists);
        return 0;
    }

    private ValueTask<int> InsertAsync(InsertStatement s, Binder binder, CancellationToken cancellationToken) =>
        _inserts.ExecuteAsync(s, FindTable(s.Table, s.Position), binder, cancellationToken);

    /// <summary>Converts an INSERT value to a column's type, or throws an error naming the column.</summary>
    internal static object? Convert(object value, ResultType from, ResultType to, ColumnSchema column, TableSchema table, SourcePosition position)
    {
        if (to == ResultType.Timestamp && from == ResultType.Double)
            return (long)(double)value;
        if (to == ResultType.BigInt && value is double d && d != Math.Floor(d))
            throw SqlErrors.At(position, $"column '{column.Name}' of table '{table.Name}' is BIGINT; {ValueConverter.ToText(value)} is not an integer");
        if (!ValueConverter.TryConvert(value, from, to, out var result, out var error))
            throw SqlErrors.At(position, $"column '{column.Name}' of table '{table.Name}' is {SqlErrors.TypeName(to)}: {error}");
        return result;
    }

    private async ValueTask<int> DeleteAsync(DeleteStatement s, Binder binder, CancellationToken cancellationToken)
    {
        var table = FindTable(s.Table, s.Position);
        var scan = new ScanScope(table, null, "WHERE");
        var where = s.Where is null ? null : binder.Bind(s.Where, scan);
        var predicates = PredicateAnalysis.Analyze(where, scan);
        if (predicates.Residual is not null)
            throw SqlErrors.At(s.Where!.Position, "DELETE can filter only by time ranges and tag predicates (=, !=, IN, NOT IN, LIKE) combined with AND");
        if (predicates.Empty) return 0;
        IReadOnlyList<long> ids;
        using (var view = Storage.OpenReadView()) ids = view.MatchSeries(table.Name, predicates.Matchers);
        if (ids.Count == 0) return 0;
        await Storage.DeleteAsync(ids, predicates.MinTime, predicates.MaxTime, cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }
}
