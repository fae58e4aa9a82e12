using System.Runtime.InteropServices;
using Chronicle.Data.Internal;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;

namespace Chronicle.Data;

/// <summary>
/// The fast path for loading rows into one table, modelled on Npgsql's <c>NpgsqlBinaryImporter</c>.
/// Created by <see cref="ChronicleConnection.BeginBulkInsert"/> for a list of columns (which must
/// include the time column). Write rows with <see cref="StartRow"/>, one <see cref="Write{T}"/> or
/// <see cref="WriteNull"/> per column in the order named, or whole columns of one tag set with
/// <see cref="AppendColumns"/>; then call <see cref="Complete"/>.
/// <para>
/// Nothing is written before <see cref="Complete"/>: rows are buffered (series resolved, samples
/// packed 16 bytes each plus strings, in chunks of <see cref="ChunkRows"/> rows), so memory grows
/// with the load; split very large loads into several inserters. Complete writes the chunks in
/// order, each one atomic WAL record; if it fails part-way, the chunks before the failure stay
/// written. Disposing without Complete discards everything. The inserter writes directly to the
/// engine, outside any transaction of the connection.
/// </para>
/// <para>
/// A small state machine gives precise errors: writing before <see cref="StartRow"/>, writing more
/// columns than named, starting a row or completing with a row short of columns, or using the
/// inserter after Complete or Dispose throw <see cref="InvalidOperationException"/>.
/// </para>
/// </summary>
public sealed class ChronicleBulkInserter : IDisposable, IAsyncDisposable
{
    /// <summary>Rows buffered per chunk (one WAL record each) before the chunk is packed.</summary>
    public const int ChunkRows = 65_536;

    /// <summary>Samples buffered per chunk at most, whatever the row count.</summary>
    private const int ChunkSamples = 1_048_576;

    private enum State { BetweenRows, InRow, Completed, Disposed }

    private readonly record struct Slot(string Name, ColumnRole Role, int Ordinal, FieldType Type);

    private readonly ChronicleConnection _connection;
    private readonly StorageEngine _engine;
    private readonly TableWriter _writer;
    private readonly TableSchema _schema;
    private readonly Slot[] _slots;
    private readonly int[] _tagSlotOrdinals;
    private readonly List<SampleBatch> _chunks = [];
    private readonly string?[] _columnTags;
    private State _state = State.BetweenRows;
    private int _column;
    private long _rows;

    internal ChronicleBulkInserter(ChronicleConnection connection, string table, string[] columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(columns);
        _connection = connection;
        _engine = connection.Storage;
        try
        {
            _writer = new TableWriter(_engine, table);
        }
        catch (Exception e) when (Errors.IsEngineError(e))
        {
            throw Errors.Wrap(e)!;
        }
        _schema = _writer.Schema;
        _slots = ResolveSlots(_schema, columns);
        _tagSlotOrdinals = _slots.Where(s => s.Role == ColumnRole.Tag).Select(s => s.Ordinal).ToArray();
        _columnTags = new string?[_schema.Tags.Count];
    }

    private static Slot[] ResolveSlots(TableSchema schema, string[] columns)
    {
        var slots = new Slot[columns.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            var column = schema.FindColumn(columns[i])
                ?? schema.Columns.FirstOrDefault(c => string.Equals(c.Name, columns[i], StringComparison.OrdinalIgnoreCase))
                ?? throw Errors.BulkUnknownColumn(schema.Name, columns[i], schema.Columns.Select(c => c.Name));
            if (!seen.Add(column.Name)) throw Errors.BulkDuplicateColumn(column.Name);
            int ordinal = column.Role switch
            {
                ColumnRole.Tag => IndexOf(schema.Tags, column),
                ColumnRole.Field => IndexOf(schema.Fields, column),
                _ => 0,
            };
            slots[i] = new Slot(column.Name, column.Role, ordinal, column.Type);
        }
        if (!slots.Any(s => s.Role == ColumnRole.Time)) throw Errors.BulkNoTimeColumn(schema.Name, schema.TimeColumn.Name);
        return slots;
    }

    private static int IndexOf(IReadOnlyList<ColumnSchema> list, ColumnSchema column)
    {
        for (int i = 0; i < list.Count; i++) if (ReferenceEquals(list[i], column) || list[i] == column) return i;
        return -1;
    }

    /// <summary>The table being loaded.</summary>
    public string Table => _schema.Name;

    /// <summary>The columns, as resolved against the table, in the order values are written.</summary>
    public IReadOnlyList<string> Columns => _slots.Select(s => s.Name).ToArray();

    /// <summary>Starts a row (ending the previous one, which must have every column written).</summary>
    /// <exception cref="InvalidOperationException">The previous row is short of columns, or the inserter is completed or disposed.</exception>
    public void StartRow()
    {
        CheckUsable(nameof(StartRow));
        if (_state == State.InRow) EndRow();
        _writer.BeginRow(0); // the row's values go straight into the table writer; the time column sets the timestamp
        _state = State.InRow;
        _column = 0;
    }

    /// <summary>
    /// Writes the next column's value. Time: <see cref="DateTime"/> (Utc as is, Local converted,
    /// Unspecified taken as UTC), <see cref="DateTimeOffset"/> or long nanoseconds. Tags and VARCHAR:
    /// string. DOUBLE: double, float, decimal, long or int. BIGINT: long, int, short or byte.
    /// BOOLEAN: bool. A null reference writes NULL.
    /// </summary>
    /// <exception cref="InvalidOperationException">No row started, all columns already written, or the inserter is completed or disposed.</exception>
    /// <exception cref="InvalidCastException">The value's type does not fit the column (the message names it).</exception>
    public void Write<T>(T value)
    {
        var slot = NextSlot(nameof(Write));
        if (value is null)
        {
            WriteNullTo(slot);
        }
        else
        {
            switch (slot.Role)
            {
                case ColumnRole.Time:
                    _writer.SetTimestamp(value switch
                    {
                        long ns => ns,
                        DateTime dt => ParameterBinder.ToNanoseconds(dt),
                        DateTimeOffset dto => ParameterBinder.ToNanoseconds(dto),
                        _ => throw WrongType(slot, typeof(T)),
                    });
                    break;
                case ColumnRole.Tag:
                    _writer.SetTag(slot.Ordinal, value as string ?? throw WrongType(slot, typeof(T)));
                    break;
                default:
                    WriteField(slot, value);
                    break;
            }
        }
        _column++;
    }

    private void WriteField<T>(Slot slot, T value)
    {
        long bits;
        switch (slot.Type)
        {
            case FieldType.Double:
                double d = value switch
                {
                    double x => x,
                    float f => f,
                    decimal m => (double)m,
                    long l => l,
                    int i => i,
                    _ => throw WrongType(slot, typeof(T)),
                };
                bits = BitConverter.DoubleToInt64Bits(d);
                break;
            case FieldType.BigInt:
                bits = value switch
                {
                    long l => l,
                    int i => i,
                    short s => s,
                    byte b => b,
                    _ => throw WrongType(slot, typeof(T)),
                };
                break;
            case FieldType.Boolean:
                bits = value is bool flag ? (flag ? 1 : 0) : throw WrongType(slot, typeof(T));
                break;
            default:
                _writer.SetField(slot.Ordinal, value as string ?? throw WrongType(slot, typeof(T)));
                return;
        }
        _writer.SetFieldBits(slot.Ordinal, bits);
    }

    /// <summary>Writes NULL into the next column (an absent tag or field value).</summary>
    /// <exception cref="InvalidOperationException">The column is the time column, no row started, all columns already written, or the inserter is completed or disposed.</exception>
    public void WriteNull()
    {
        WriteNullTo(NextSlot(nameof(WriteNull)));
        _column++;
    }

    private void WriteNullTo(Slot slot)
    {
        switch (slot.Role)
        {
            case ColumnRole.Time: throw Errors.BulkTimeNull();
            case ColumnRole.Tag: _writer.SetTag(slot.Ordinal, null); break;
            default: _writer.SetField(slot.Ordinal, null); break;
        }
    }

    /// <summary>
    /// Appends the samples of one DOUBLE field of one tag set, column-wise (no per-row work).
    /// </summary>
    /// <param name="timestamps">Nanoseconds since the Unix epoch, UTC.</param>
    /// <param name="tagValues">One value per tag column named in <see cref="ChronicleConnection.BeginBulkInsert"/>, in that order (null = absent).</param>
    /// <param name="field">The field column's name.</param>
    /// <param name="values">One value per timestamp.</param>
    /// <exception cref="InvalidOperationException">A row is short of columns, or the inserter is completed or disposed.</exception>
    /// <exception cref="ArgumentException">Lengths differ, the tag count is wrong, or <paramref name="field"/> is not a DOUBLE field.</exception>
    public void AppendColumns(ReadOnlySpan<long> timestamps, string?[] tagValues, string field, ReadOnlySpan<double> values)
    {
        CheckUsable(nameof(AppendColumns));
        ArgumentNullException.ThrowIfNull(tagValues);
        if (timestamps.Length != values.Length) throw Errors.BulkLengths(timestamps.Length, values.Length);
        if (tagValues.Length != _tagSlotOrdinals.Length) throw Errors.BulkTagCount(tagValues.Length, _tagSlotOrdinals.Length);
        int fieldOrdinal = FindDoubleField(field);
        if (_state == State.InRow) EndRow();
        _state = State.BetweenRows;
        var tags = _columnTags;
        for (int i = 0; i < tagValues.Length; i++) tags[_tagSlotOrdinals[i]] = tagValues[i];
        var bits = MemoryMarshal.Cast<double, long>(values);
        for (int start = 0; start < timestamps.Length; start += ChunkSamples)
        {
            int n = Math.Min(ChunkSamples, timestamps.Length - start);
            try
            {
                _writer.AppendColumn(tags, fieldOrdinal, timestamps.Slice(start, n), bits.Slice(start, n));
            }
            catch (Exception e) when (IsWriterError(e))
            {
                throw WrapWriterError(e);
            }
            PackIfFull();
        }
    }

    private int FindDoubleField(string field)
    {
        for (int i = 0; i < _schema.Fields.Count; i++)
            if (string.Equals(_schema.Fields[i].Name, field, StringComparison.OrdinalIgnoreCase) && _schema.Fields[i].Type == FieldType.Double) return i;
        throw Errors.BulkColumnsNotAFieldOf(_schema.Name, field);
    }

    /// <summary>Ends the last row and writes everything buffered; returns the rows written (as counted by the engine's table writer: a row of <see cref="StartRow"/>, or each timestamp of an <see cref="AppendColumns"/> call).</summary>
    /// <exception cref="InvalidOperationException">The last row is short of columns, or the inserter is completed or disposed.</exception>
    /// <exception cref="ChronicleException">The write failed (chunks before the failure stay written).</exception>
    public ulong Complete() => CompleteCoreAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="Complete"/>
    public ValueTask<ulong> CompleteAsync(CancellationToken cancellationToken = default) => CompleteCoreAsync(async: true, cancellationToken);

    private async ValueTask<ulong> CompleteCoreAsync(bool async, CancellationToken cancellationToken)
    {
        CheckUsable(nameof(Complete));
        if (_state == State.InRow) EndRow();
        _state = State.Completed;
        try
        {
            Pack();
            for (int i = 0; i < _chunks.Count; i++)
            {
                if (async) await _engine.WriteAsync(_chunks[i], cancellationToken).ConfigureAwait(false);
                else _engine.Write(_chunks[i]);   // the synchronous Complete has no token
                _chunks[i] = null!; // release the chunk's memory as soon as it is written
            }
        }
        catch (Exception e) when (Errors.IsEngineError(e))
        {
            throw Errors.Wrap(e)!;
        }
        finally
        {
            _chunks.Clear();
            _writer.ReleaseBuffers();
            Release();
        }
        return (ulong)_rows;
    }

    private Slot NextSlot(string operation)
    {
        CheckUsable(operation);
        if (_state != State.InRow) throw Errors.BulkNotInRow(operation);
        if (_column >= _slots.Length) throw Errors.BulkTooManyColumns(_slots.Length);
        return _slots[_column];
    }

    private void CheckUsable(string operation)
    {
        if (_state == State.Completed) throw Errors.BulkCompleted(operation);
        if (_state == State.Disposed) throw Errors.BulkDisposed(operation);
    }

    private void EndRow()
    {
        if (_column < _slots.Length) throw Errors.BulkRowIncomplete(_column, _slots.Length, _slots[_column].Name);
        _state = State.BetweenRows;
        try
        {
            _writer.EndRow();
        }
        catch (Exception e) when (IsWriterError(e))
        {
            throw WrapWriterError(e);
        }
        PackIfFull();
    }

    private void PackIfFull()
    {
        if (_writer.PendingRows >= ChunkRows || _writer.PendingSamples >= ChunkSamples) Pack();
    }

    /// <summary>Resolves the pending rows' series and moves their samples into a new chunk.</summary>
    private void Pack()
    {
        if (_writer.PendingSamples == 0 && _writer.PendingRows == 0) return;
        var chunk = new SampleBatch(_writer.PendingSamples);
        try
        {
            _rows += _writer.DrainInto(chunk);
        }
        catch (Exception e) when (IsWriterError(e))
        {
            throw WrapWriterError(e);
        }
        if (chunk.Count > 0) _chunks.Add(chunk);
    }

    /// <summary>Errors of the table writer: engine errors, and ArgumentExceptions about values (a type that does not match a series).</summary>
    private static bool IsWriterError(Exception e) => Errors.IsEngineError(e) || e is ArgumentException;

    private static ChronicleException WrapWriterError(Exception e) =>
        Errors.Wrap(e) ?? new ChronicleException(ChronicleErrorCode.TypeMismatch, e.Message, e);

    private InvalidCastException WrongType(Slot slot, Type type) =>
        Errors.BulkWrongType(_schema.Name, slot.Name,
            slot.Role == ColumnRole.Time ? "the time column" : slot.Role == ColumnRole.Tag ? "a TAG" : slot.Type.ToString().ToUpperInvariant(), type);

    private void Release()
    {
        if (ReferenceEquals(_connection.ActiveBulkInserter, this)) _connection.ActiveBulkInserter = null;
    }

    /// <summary>Discards everything unless <see cref="Complete"/> was called.</summary>
    public void Dispose()
    {
        if (_state is State.Completed or State.Disposed) return;
        _state = State.Disposed;
        _chunks.Clear();
        _writer.ReleaseBuffers();
        Release();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
