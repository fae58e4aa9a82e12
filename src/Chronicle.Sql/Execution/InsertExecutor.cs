using Chronicle.Sql.Planning;
using Chronicle.Sql.Syntax;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;
using StorageRole = Chronicle.Storage.Catalog.ColumnRole;

namespace Chronicle.Sql.Execution;

/// <summary>
/// Runs <c>INSERT INTO t (columns) VALUES (...), ...</c> for one session. A prepared INSERT run
/// once per row is the hot path, so the per-execution work is kept small:
/// <list type="bullet">
/// <item><description>one <see cref="TableWriter"/> per table is kept for the session (its tag-set
/// cache holds the resolved series IDs, so a known series costs no catalog call); it is replaced
/// when the table is dropped and created again (a new schema object), and emptied when a
/// statement fails, so a failed INSERT writes nothing;</description></item>
/// <item><description>the column mapping (targets, tag and field ordinals) is kept for the last
/// statement object (the parse cache returns the same one for the same text);</description></item>
/// <item><description>a value that is a parameter holding a long, double, bool, string or (for the
/// time column) DateTime is read without binding it into an expression; anything else goes through
/// the binder and the same conversions as before.</description></item>
/// </list>
/// Outside a transaction a statement's rows are written as one atomic batch. Inside one they stay
/// pending in the table's writer until <see cref="DrainPending"/> (at commit, or before another
/// writer adds to the transaction's batch, so the order of writes is kept): each series then
/// becomes one run of the commit's batch instead of one run per row, and series are created at
/// commit. A failed statement undoes only its own rows (<see cref="TableWriter.RollbackTo"/>).
/// Not thread-safe (one per session).
/// </summary>
internal sealed class InsertExecutor(SqlSession session)
{
    /// <summary>A statement that buffered more samples than this returns the writer's buffers to the pool afterwards.</summary>
    private const int KeepBuffersUpTo = 65_536;

    private readonly Dictionary<string, TableWriter> _writers = new(StringComparer.Ordinal);
    private Shape? _lastShape;
    private (object? Value, ResultType Type, SourcePosition Position)[] _values = [];

    /// <summary>Executes <paramref name="s"/> against <paramref name="table"/>; returns the rows inserted.</summary>
    /// <exception cref="ChronicleSqlException">A wrong column, value count or value; nothing of the statement is written.</exception>
    public async ValueTask<int> ExecuteAsync(InsertStatement s, TableSchema table, Binder binder, CancellationToken cancellationToken)
    {
        var shape = ShapeFor(s, table);
        var writer = WriterFor(table);
        bool inTransaction = session.InTransaction;
        var mark = writer.Mark();
        int rows = 0;
        try
        {
            foreach (var row in s.Rows)
            {
                AddRow(row, shape, writer, binder, s.Position);
                rows++;
            }
            if (inTransaction) return rows; // pending until commit
            bool large = writer.PendingSamples > KeepBuffersUpTo;
            await writer.WriteAsync(cancellationToken).ConfigureAwait(false);
            if (large) writer.ReleaseBuffers();
        }
        catch
        {
            if (inTransaction) writer.RollbackTo(mark);
            else writer.Clear();
            throw;
        }
        return rows;
    }

    /// <summary>
    /// Moves the rows of the open transaction's INSERTs into <paramref name="batch"/>, creating their
    /// new series. A writer whose table was dropped (or dropped and created again) since its rows were
    /// added fails the drain rather than writing them elsewhere.
    /// </summary>
    /// <exception cref="Storage.StorageException">A table was dropped, or a series could not be created; rows not yet moved stay pending.</exception>
    public void DrainPending(SampleBatch batch)
    {
        foreach (var writer in _writers.Values)
        {
            if (writer.PendingSamples == 0 && writer.PendingRows == 0) continue;
            if (!ReferenceEquals(session.Database.Storage.GetTable(writer.Schema.Name), writer.Schema))
                throw new Storage.StorageException($"table '{writer.Schema.Name}' was dropped during the transaction: its inserted rows cannot be committed");
            bool large = writer.PendingSamples > KeepBuffersUpTo;
            writer.DrainInto(batch);
            if (large) writer.ReleaseBuffers();
        }
    }

    /// <summary>Discards the rows of the open transaction's INSERTs (rollback).</summary>
    public void DiscardPending()
    {
        foreach (var writer in _writers.Values) writer.Clear();
    }

    private void AddRow(IReadOnlyList<Expression> row, Shape shape, TableWriter writer, Binder binder, SourcePosition statementPosition)
    {
        var targets = shape.Targets;
        if (row.Count != targets.Length)
            throw SqlErrors.At(row.Count > 0 ? row[0].Position : statementPosition, $"INSERT has {row.Count} values for {targets.Length} columns");
        if (_values.Length < row.Count) _values = new (object?, ResultType, SourcePosition)[row.Count];
        var values = _values;
        long time = binder.Now;
        // Pass 1: every value bound (a missing parameter fails here), the timestamp converted.
        for (int i = 0; i < row.Count; i++)
        {
            var expression = row[i];
            object? value;
            ResultType type;
            if (expression is Parameter p && ReadParameter(binder.ParameterValue(p), targets[i].Role == StorageRole.Time, out value, out type, ref time))
            {
                values[i] = (value, type, expression.Position);
                continue;
            }
            var bound = binder.Bind(expression, EmptyScope.Instance);
            if (bound is not BoundConstant k) throw SqlErrors.At(expression.Position, "INSERT values must be constants or parameters");
            values[i] = (k.Value, k.Type, expression.Position);
            if (targets[i].Role == StorageRole.Time && k.Value is not null)
                time = (long)StatementExecutor.Convert(k.Value, k.Type, ResultType.Timestamp, targets[i], shape.Table, expression.Position)!;
        }
        // Pass 2: tags and fields converted to their columns' types.
        writer.BeginRow(time);
        for (int i = 0; i < row.Count; i++)
        {
            var (value, type, position) = values[i];
            values[i] = default;
            if (value is null || targets[i].Role == StorageRole.Time) continue;
            if (targets[i].Role == StorageRole.Tag)
            {
                writer.SetTag(shape.Ordinals[i], type == ResultType.Timestamp ? TimeValues.Format((long)value) : ValueConverter.ToText(value));
                continue;
            }
            var converted = StatementExecutor.Convert(value, type, shape.Types[i], targets[i], shape.Table, position)!;
            switch (converted)
            {
                case double d: writer.SetFieldBits(shape.Ordinals[i], BitConverter.DoubleToInt64Bits(d)); break;
                case long l: writer.SetFieldBits(shape.Ordinals[i], l); break;
                case bool b: writer.SetFieldBits(shape.Ordinals[i], b ? 1 : 0); break;
                default: writer.SetField(shape.Ordinals[i], converted); break;
            }
        }
        writer.EndRow();
    }

    /// <summary>
    /// The value and SQL type of a parameter's value when it is of a type that needs no binding (the
    /// same result <see cref="ValueConverter.FromClr"/> gives, without the boxing); for the time
    /// column a DateTime is converted straight to <paramref name="time"/>. False: bind it instead.
    /// </summary>
    private static bool ReadParameter(object? raw, bool isTime, out object? value, out ResultType type, ref long time)
    {
        value = raw;
        switch (raw)
        {
            case null: type = ResultType.Null; return true;
            case double: type = ResultType.Double; break;
            case string: type = ResultType.VarChar; break;
            case bool: type = ResultType.Boolean; break;
            case long l:
                type = ResultType.BigInt;
                if (isTime) time = l;
                return true;
            case DateTime dt when isTime:
                time = TimeValues.FromDateTime(dt);
                type = ResultType.Timestamp;
                return true;
            default:
                type = default;
                return false;
        }
        return !isTime; // a double or string for the time column takes the general conversion
    }

    private TableWriter WriterFor(TableSchema table)
    {
        if (_writers.TryGetValue(table.Name, out var writer))
        {
            if (ReferenceEquals(writer.Schema, table)) return writer;
            if (writer.PendingRows > 0 || writer.PendingSamples > 0)
                throw new Storage.StorageException($"table '{table.Name}' was dropped and created again during the transaction: its earlier inserted rows cannot be committed");
        }
        writer = new TableWriter(session.Database.Storage, table.Name);
        if (!ReferenceEquals(writer.Schema, table)) throw new Storage.StorageException($"table '{table.Name}' was dropped or created again while the INSERT started: retry it");
        _writers[table.Name] = writer;
        return writer;
    }

    private Shape ShapeFor(InsertStatement s, TableSchema table)
    {
        if (_lastShape is { } last && ReferenceEquals(last.Statement, s) && ReferenceEquals(last.Table, table)) return last;
        var names = s.Columns ?? table.Columns.Select(c => c.Name).ToArray();
        var targets = new ColumnSchema[names.Count];
        var ordinals = new int[names.Count];
        var types = new ResultType[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            targets[i] = table.FindColumn(names[i]) ?? throw SqlErrors.UnknownColumn(s.Position, names[i], table.Name, table.Columns.Select(c => c.Name));
            if (Array.IndexOf(targets, targets[i], 0, i) >= 0) throw SqlErrors.At(s.Position, $"column '{names[i]}' is given twice");
            ordinals[i] = targets[i].Role switch
            {
                StorageRole.Tag => IndexOf(table.Tags, targets[i]),
                StorageRole.Field => IndexOf(table.Fields, targets[i]),
                _ => -1,
            };
            types[i] = ScanScope.ColumnType(targets[i]);
        }
        return _lastShape = new Shape(s, table, targets, ordinals, types);
    }

    private static int IndexOf(IReadOnlyList<ColumnSchema> list, ColumnSchema c)
    {
        for (int i = 0; i < list.Count; i++) if (ReferenceEquals(list[i], c) || list[i].Name == c.Name) return i;
        return -1;
    }

    /// <summary>An INSERT's columns resolved against its table: target column, tag or field ordinal, SQL type, per value.</summary>
    private sealed record Shape(InsertStatement Statement, TableSchema Table, ColumnSchema[] Targets, int[] Ordinals, ResultType[] Types);
}
