using System.Collections;
using System.Data;
using System.Data.Common;
using Chronicle.Data.Internal;
using Chronicle.Sql.Execution;

namespace Chronicle.Data;

/// <summary>
/// Reads the rows of a command's queries, streaming them batch by batch: memory stays bounded by
/// the batch size (a few thousand rows) however large the result. Statements that return no rows
/// (INSERT, CREATE TABLE...) run as the reader passes them; <see cref="NextResult"/> moves to the
/// next query, and closing the reader runs the statements still ahead.
/// <para>
/// Types (see <c>docs/provider.md</c>, "Type mapping"): TIMESTAMP reads as <see cref="DateTime"/>
/// of kind <see cref="DateTimeKind.Utc"/> (also as <see cref="DateTimeOffset"/>, or exactly as
/// <see cref="long"/> nanoseconds with <c>GetFieldValue&lt;long&gt;</c>); DOUBLE as double; BIGINT as
/// long; BOOLEAN as bool; VARCHAR and TAG as string; NULL as <see cref="DBNull.Value"/>.
/// </para>
/// <para>
/// Cancellation (the token of <see cref="ReadAsync(CancellationToken)"/> or of the execute call,
/// <see cref="DbCommand.Cancel"/>, and <see cref="DbCommand.CommandTimeout"/>, which runs from
/// execution until the reader closes) is checked before each batch is fetched.
/// </para>
/// </summary>
public sealed partial class ChronicleDataReader : DbDataReader
{
    private readonly ChronicleConnection _connection;
    private readonly StatementCursor _cursor;
    private readonly ExecutionScope _scope;
    private readonly CommandBehavior _behavior;
    private readonly Action? _onClose;
    private QueryResult? _query;
    private IReadOnlyList<ResultColumn> _columns = [];
    private ColumnBatch? _batch;
    private int _row = -1;
    private bool _exhausted;
    private long _rowsRead;
    private bool _closed;
    private bool _failed;

    private ChronicleDataReader(ChronicleConnection connection, StatementCursor cursor, ExecutionScope scope, CommandBehavior behavior, Action? onClose)
    {
        _connection = connection;
        _cursor = cursor;
        _scope = scope;
        _behavior = behavior;
        _onClose = onClose;
    }

    /// <summary>Starts executing <paramref name="units"/> on <paramref name="connection"/> and positions the reader on the first query.</summary>
    internal static async ValueTask<ChronicleDataReader> ExecuteAsync(
        ChronicleConnection connection, IReadOnlyList<CommandUnit> units, ExecutionScope scope, CommandBehavior behavior, Action? onClose, bool async)
    {
        var cursor = new StatementCursor(connection.Session, units, scope.Token);
        var reader = new ChronicleDataReader(connection, cursor, scope, behavior, onClose);
        connection.ActiveReader = reader;
        try
        {
            await reader.MoveToNextQueryAsync(async).ConfigureAwait(false);
        }
        catch
        {
            await reader.CloseCoreAsync(async).ConfigureAwait(false);
            throw;
        }
        return reader;
    }

    /// <summary>
    /// Runs <paramref name="units"/> to the end without creating a reader (ExecuteNonQuery: a prepared
    /// INSERT per row is the hot path, so no reader, no close callback): query results are disposed
    /// unread, cancellation is checked between statements, errors are translated as the reader does.
    /// Returns the records affected (-1 when no statement reports a count) and disposes <paramref name="scope"/>.
    /// </summary>
    internal static async ValueTask<int> ExecuteNonQueryAsync(ChronicleConnection connection, IReadOnlyList<CommandUnit> units, ExecutionScope scope, bool async)
    {
        var cursor = new StatementCursor(connection.Session, units, scope.Token);
        try
        {
            while (true)
            {
                scope.Token.ThrowIfCancellationRequested();
                var result = await cursor.NextAsync(async).ConfigureAwait(false);
                if (result is null) return cursor.RecordsAffected;
                result.Query?.Dispose();
            }
        }
        catch (Exception e) when (scope.ShouldTranslate(e))
        {
            throw scope.Translate(e);
        }
        finally
        {
            if (async) await cursor.DisposeAsync().ConfigureAwait(false);
            else cursor.Dispose();
            scope.Dispose();
        }
    }

    /// <summary>The cancellation token this reader's engine calls observe (for tests).</summary>
    internal CancellationToken CancellationToken => _scope.Token;

    /// <summary>Always 0: results do not nest.</summary>
    public override int Depth => 0;

    /// <summary>The number of columns of the current result; 0 when the reader is past the last query.</summary>
    public override int FieldCount => _closed ? throw Errors.ReaderClosed(nameof(FieldCount)) : _columns.Count;

    /// <summary>Whether the current result has at least one row (may fetch the first batch).</summary>
    public override bool HasRows
    {
        get
        {
            if (_closed) throw Errors.ReaderClosed(nameof(HasRows));
            if (_rowsRead > 0) return true;
            if (_query is null) return false;
            if (_batch is not null && _row + 1 < _batch.RowCount) return true;
            return PeekAsync(async: false).GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc/>
    public override bool IsClosed => _closed;

    /// <summary>Rows inserted or deleted by the statements run so far (all of them once the reader is closed); -1 when only queries ran.</summary>
    public override int RecordsAffected => _cursor.RecordsAffected;

    /// <inheritdoc/>
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc/>
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <summary>Advances to the next row of the current result.</summary>
    /// <exception cref="ChronicleException">A storage error, a timeout or Cancel().</exception>
    public override bool Read() => ReadCoreAsync(async: false).GetAwaiter().GetResult();

    /// <summary>Advances to the next row, awaiting the engine when a new batch is needed.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ChronicleException">A storage error, a timeout or Cancel().</exception>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_batch is not null && _row + 1 < _batch.RowCount && !_closed && !IsSingleRowDone())
        {
            _row++;
            _rowsRead++;
            return TrueTask;
        }
        return ReadAsyncSlow(cancellationToken);
    }

    private static readonly Task<bool> TrueTask = Task.FromResult(true);

    private async Task<bool> ReadAsyncSlow(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(static s => ((ExecutionScope)s!).Cancel(), _scope) : default;
        try
        {
            return await ReadCoreAsync(async: true).ConfigureAwait(false);
        }
        catch (ChronicleException e) when (e.Code == ChronicleErrorCode.Canceled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private bool IsSingleRowDone() => (_behavior & CommandBehavior.SingleRow) != 0 && _rowsRead >= 1;

    internal async ValueTask<bool> ReadCoreAsync(bool async)
    {
        if (_closed) throw Errors.ReaderClosed(nameof(Read));
        if (_query is null || IsSingleRowDone()) return false;
        _row++;
        if (_batch is null || _row >= _batch.RowCount)
        {
            // every row of the batch was read and the getters return values, never its arrays:
            // the scan may reuse them
            _batch?.Lease?.Release();
            if (!await FetchAsync(async).ConfigureAwait(false)) return false;
            _row = 0;
        }
        _rowsRead++;
        return true;
    }

    /// <summary>Fetches the next non-empty batch; false at the end of the result.</summary>
    private async ValueTask<bool> FetchAsync(bool async)
    {
        try
        {
            while (!_exhausted)
            {
                _scope.Token.ThrowIfCancellationRequested();
                _batch = async
                    ? await _query!.ReadBatchAsync(_scope.Token).ConfigureAwait(false)
                    : _query!.ReadBatch(_scope.Token);
                if (_batch is null) _exhausted = true;
                else if (_batch.RowCount > 0) return true;
            }
            _batch = null;
            return false;
        }
        catch (Exception e)
        {
            _failed = true;
            if (_scope.ShouldTranslate(e)) throw _scope.Translate(e);
            throw;
        }
    }

    private async ValueTask<bool> PeekAsync(bool async)
    {
        if (_exhausted) return false;
        if (!await FetchAsync(async).ConfigureAwait(false)) return false;
        _row = -1;
        return true;
    }

    /// <summary>Moves to the next query's result, running the statements in between.</summary>
    /// <exception cref="ChronicleException">A statement failed, a timeout or Cancel().</exception>
    public override bool NextResult() => NextResultCoreAsync(async: false).GetAwaiter().GetResult();

    /// <summary>Async form of <see cref="NextResult"/>: statements that write await the WAL acknowledgement.</summary>
    public override async Task<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(static s => ((ExecutionScope)s!).Cancel(), _scope) : default;
        return await NextResultCoreAsync(async: true).ConfigureAwait(false);
    }

    private async ValueTask<bool> NextResultCoreAsync(bool async)
    {
        if (_closed) throw Errors.ReaderClosed(nameof(NextResult));
        if ((_behavior & CommandBehavior.SingleResult) != 0 && _query is not null)
        {
            ReleaseQuery();
            return false;
        }
        return await MoveToNextQueryAsync(async).ConfigureAwait(false);
    }

    private async ValueTask<bool> MoveToNextQueryAsync(bool async)
    {
        ReleaseQuery();
        try
        {
            while (true)
            {
                _scope.Token.ThrowIfCancellationRequested();
                var result = await _cursor.NextAsync(async).ConfigureAwait(false);
                if (result is null) return false;
                if (result.Query is null) continue;
                _query = result.Query;
                _columns = _query.Columns;
                _exhausted = false;
                _rowsRead = 0;
                return true;
            }
        }
        catch (Exception e)
        {
            _failed = true;
            if (_scope.ShouldTranslate(e)) throw _scope.Translate(e);
            throw;
        }
    }

    private void ReleaseQuery()
    {
        _query?.Dispose();
        _query = null;
        _columns = [];
        _batch = null;
        _row = -1;
        _rowsRead = 0;
    }

    /// <summary>Closes the reader, first running the statements still ahead (unless execution failed or was cancelled).</summary>
    public override void Close() => CloseCoreAsync(async: false).GetAwaiter().GetResult();

    /// <summary>Async form of <see cref="Close"/>.</summary>
    public override Task CloseAsync() => CloseCoreAsync(async: true).AsTask();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        await CloseCoreAsync(async: true).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    internal async ValueTask CloseCoreAsync(bool async)
    {
        if (_closed) return;
        _closed = true;
        try
        {
            ReleaseQuery();
            if (!_failed && !_scope.Token.IsCancellationRequested)
            {
                try
                {
                    while (await _cursor.NextAsync(async).ConfigureAwait(false) is { } rest) rest.Query?.Dispose();
                }
                catch (Exception e) when (_scope.ShouldTranslate(e))
                {
                    throw _scope.Translate(e);
                }
            }
        }
        finally
        {
            if (async) await _cursor.DisposeAsync().ConfigureAwait(false);
            else _cursor.Dispose();
            _scope.Dispose();
            if (ReferenceEquals(_connection.ActiveReader, this)) _connection.ActiveReader = null;
            _onClose?.Invoke();
            if ((_behavior & CommandBehavior.CloseConnection) != 0) _connection.Close();
        }
    }

    private ColumnVector Vector(int ordinal)
    {
        if (_closed) throw Errors.ReaderClosed("Reading a value");
        if ((uint)ordinal >= (uint)_columns.Count) throw Errors.OrdinalOutOfRange(ordinal, _columns.Count);
        if (_batch is null || _row < 0 || _row >= _batch.RowCount) throw Errors.NoCurrentRow();
        return _batch.Columns[ordinal];
    }

    private ResultColumn Column(int ordinal)
    {
        if (_closed) throw Errors.ReaderClosed("Reading the schema");
        if ((uint)ordinal >= (uint)_columns.Count) throw Errors.OrdinalOutOfRange(ordinal, _columns.Count);
        return _columns[ordinal];
    }

    /// <summary>The value at <paramref name="ordinal"/> as its natural CLR type (see the class remarks), or <see cref="DBNull.Value"/>.</summary>
    public override object GetValue(int ordinal) => ValueReader.GetValue(Vector(ordinal), _row);

    /// <summary>The value as <typeparamref name="T"/>: DateTime (UTC), DateTimeOffset, long (timestamp nanoseconds or BIGINT), int/short/byte (checked), double, float, decimal, bool, string, or a nullable of these (NULL reads as null).</summary>
    /// <exception cref="InvalidCastException">NULL into a non-nullable type, or an unsupported conversion.</exception>
    /// <exception cref="OverflowException">An integer that does not fit <typeparamref name="T"/>.</exception>
    public override T GetFieldValue<T>(int ordinal) => ValueReader.GetFieldValue<T>(Vector(ordinal), _row, ordinal, _columns[ordinal]);

    /// <inheritdoc/>
    public override bool IsDBNull(int ordinal) => Vector(ordinal).IsNull(_row);

    /// <inheritdoc/>
    public override int GetValues(object[] values)
    {
        int n = Math.Min(values.Length, FieldCount);
        for (int i = 0; i < n; i++) values[i] = GetValue(i);
        return n;
    }

    /// <inheritdoc/>
    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);

    /// <inheritdoc/>
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    /// <summary>Not supported: Chronicle has no binary type.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw Errors.NoBinaryType();

    /// <inheritdoc/>
    public override char GetChar(int ordinal) => GetFieldValue<char>(ordinal);

    /// <summary>Copies characters of a VARCHAR value.</summary>
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var s = GetString(ordinal);
        if (buffer is null) return s.Length;
        int count = (int)Math.Max(0, Math.Min(length, s.Length - dataOffset));
        s.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <summary>A TIMESTAMP as a UTC <see cref="DateTime"/>.</summary>
    public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);

    /// <summary>A TIMESTAMP as a <see cref="DateTimeOffset"/> at offset zero.</summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal) => GetFieldValue<DateTimeOffset>(ordinal);

    /// <inheritdoc/>
    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);

    /// <inheritdoc/>
    public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);

    /// <inheritdoc/>
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    /// <summary>Not supported: Chronicle has no GUID type.</summary>
    /// <exception cref="InvalidCastException">Always.</exception>
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    /// <inheritdoc/>
    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);

    /// <inheritdoc/>
    public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);

    /// <summary>A BIGINT, or a TIMESTAMP as nanoseconds since the Unix epoch.</summary>
    public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);

    /// <inheritdoc/>
    public override string GetString(int ordinal) => GetFieldValue<string>(ordinal);

    /// <summary>The SQL type: TIMESTAMP, DOUBLE, BIGINT, BOOLEAN, VARCHAR, TAG (a tag column) or NULL.</summary>
    public override string GetDataTypeName(int ordinal) => ValueReader.GetDataTypeName(Column(ordinal));

    /// <summary>The CLR type of <see cref="GetValue"/>: DateTime for TIMESTAMP, double, long, bool, string; object for NULL-only columns.</summary>
    public override Type GetFieldType(int ordinal) => ValueReader.GetFieldType(Column(ordinal).Type);

    /// <inheritdoc/>
    public override string GetName(int ordinal) => Column(ordinal).Name;

    /// <summary>The ordinal of the column named <paramref name="name"/>: an exact match first, then a case-insensitive one.</summary>
    /// <exception cref="IndexOutOfRangeException">No such column (the message lists the columns).</exception>
    public override int GetOrdinal(string name)
    {
        if (_closed) throw Errors.ReaderClosed(nameof(GetOrdinal));
        for (int i = 0; i < _columns.Count; i++) if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal)) return i;
        for (int i = 0; i < _columns.Count; i++) if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        throw Errors.NoSuchColumn(name, _columns.Select(c => c.Name));
    }

    /// <inheritdoc/>
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <summary>
    /// The schema of the current result: one row per column with ColumnName, ColumnOrdinal,
    /// DataType, DataTypeName, AllowDBNull, IsKey (true for tags and the time column) and the
    /// other standard <see cref="SchemaTableColumn"/> fields.
    /// </summary>
    public override DataTable GetSchemaTable()
    {
        if (_closed) throw Errors.ReaderClosed(nameof(GetSchemaTable));
        var table = new DataTable("SchemaTable");
        table.Columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        table.Columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        table.Columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        table.Columns.Add(SchemaTableColumn.NumericPrecision, typeof(short));
        table.Columns.Add(SchemaTableColumn.NumericScale, typeof(short));
        table.Columns.Add(SchemaTableColumn.DataType, typeof(Type));
        table.Columns.Add("DataTypeName", typeof(string));
        table.Columns.Add(SchemaTableColumn.ProviderType, typeof(int));
        table.Columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsKey, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsUnique, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsLong, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsAliased, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsExpression, typeof(bool));
        table.Columns.Add(SchemaTableColumn.BaseColumnName, typeof(string));
        table.Columns.Add(SchemaTableColumn.BaseTableName, typeof(string));
        table.Columns.Add(SchemaTableOptionalColumn.IsReadOnly, typeof(bool));
        for (int i = 0; i < _columns.Count; i++)
        {
            var c = _columns[i];
            var row = table.NewRow();
            row[SchemaTableColumn.ColumnName] = c.Name;
            row[SchemaTableColumn.ColumnOrdinal] = i;
            row[SchemaTableColumn.ColumnSize] = -1;
            row[SchemaTableColumn.NumericPrecision] = DBNull.Value;
            row[SchemaTableColumn.NumericScale] = DBNull.Value;
            row[SchemaTableColumn.DataType] = ValueReader.GetFieldType(c.Type);
            row["DataTypeName"] = ValueReader.GetDataTypeName(c);
            row[SchemaTableColumn.ProviderType] = (int)c.Type;
            row[SchemaTableColumn.AllowDBNull] = c.Type != ResultType.Timestamp;
            row[SchemaTableColumn.IsKey] = c.IsTag || c.Type == ResultType.Timestamp;
            row[SchemaTableColumn.IsUnique] = false;
            row[SchemaTableColumn.IsLong] = false;
            row[SchemaTableColumn.IsAliased] = DBNull.Value;
            row[SchemaTableColumn.IsExpression] = DBNull.Value;
            row[SchemaTableColumn.BaseColumnName] = DBNull.Value;
            row[SchemaTableColumn.BaseTableName] = DBNull.Value;
            row[SchemaTableOptionalColumn.IsReadOnly] = true;
            table.Rows.Add(row);
        }
        return table;
    }
}
