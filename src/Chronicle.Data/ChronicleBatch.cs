using System.Data;
using System.Data.Common;
using Chronicle.Data.Internal;
using Chronicle.Sql.Parsing;

namespace Chronicle.Data;

/// <summary>
/// Several commands, each with its own parameters, run in order in one execution (the model is
/// Npgsql's <c>NpgsqlBatch</c>). After execution each <see cref="ChronicleBatchCommand.RecordsAffected"/>
/// holds that command's count. Cancellation and <see cref="Timeout"/> behave as for
/// <see cref="ChronicleCommand"/>.
/// </summary>
public sealed class ChronicleBatch : DbBatch
{
    private ChronicleConnection? _connection;
    private int? _timeout;
    private ExecutionScope? _activeScope;

    /// <summary>Creates an empty batch.</summary>
    public ChronicleBatch() { }

    /// <summary>Creates an empty batch on a connection.</summary>
    public ChronicleBatch(ChronicleConnection? connection, ChronicleTransaction? transaction = null)
    {
        _connection = connection;
        Transaction = transaction;
    }

    /// <summary>The commands.</summary>
    public new ChronicleBatchCommandCollection BatchCommands { get; } = new();

    /// <inheritdoc/>
    protected override DbBatchCommandCollection DbBatchCommands => BatchCommands;

    /// <summary>Seconds the whole batch may take; 0 means no limit. Defaults to the connection's <c>Default Command Timeout</c>.</summary>
    /// <exception cref="ArgumentException">A negative value.</exception>
    public override int Timeout
    {
        get => _timeout ?? _connection?.DefaultCommandTimeout ?? ChronicleConnectionStringBuilder.DefaultCommandTimeoutSeconds;
        set
        {
            if (value < 0) throw Errors.NegativeTimeout(nameof(Timeout));
            _timeout = value;
        }
    }

    /// <summary>The connection.</summary>
    public new ChronicleConnection? Connection
    {
        get => _connection;
        set => _connection = value;
    }

    /// <inheritdoc/>
    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = (ChronicleConnection?)value;
    }

    /// <summary>The transaction (informational, as for <see cref="ChronicleCommand.Transaction"/>).</summary>
    public new ChronicleTransaction? Transaction { get; set; }

    /// <inheritdoc/>
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (ChronicleTransaction?)value;
    }

    /// <inheritdoc/>
    protected override DbBatchCommand CreateDbBatchCommand() => new ChronicleBatchCommand();

    /// <summary>Stops the running execution (see <see cref="ChronicleCommand.Cancel"/>).</summary>
    public override void Cancel() => Volatile.Read(ref _activeScope)?.Cancel();

    /// <summary>Parses every command's text now (cached by text).</summary>
    /// <exception cref="ChronicleException">A syntax error.</exception>
    public override void Prepare()
    {
        CheckReady(nameof(Prepare));
        try
        {
            foreach (var c in BatchCommands.Items) SqlParser.ParseCached(c.CommandText);
        }
        catch (Exception e) when (Errors.IsEngineError(e))
        {
            throw Errors.Wrap(e)!;
        }
    }

    /// <inheritdoc cref="Prepare"/>
    public override Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Prepare();
        return Task.CompletedTask;
    }

    /// <summary>Runs every command; returns the total rows inserted or deleted (-1 when none reports a count).</summary>
    /// <exception cref="ChronicleException">A command failed (the earlier ones have run), a timeout or Cancel().</exception>
    public override int ExecuteNonQuery() => ExecuteNonQueryCoreAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteNonQuery"/>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default) =>
        ExecuteNonQueryCoreAsync(async: true, cancellationToken).AsTask();

    private async ValueTask<int> ExecuteNonQueryCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var (connection, units, scope) = Start(nameof(ExecuteNonQuery), cancellationToken);
        try
        {
            return await ChronicleDataReader.ExecuteNonQueryAsync(connection, units, scope, async).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.CompareExchange(ref _activeScope, null, scope);
        }
    }

    /// <summary>Runs every command; returns the first column of the first row of the first query, or null.</summary>
    public override object? ExecuteScalar() => ExecuteScalarCoreAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteScalar"/>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default) =>
        ExecuteScalarCoreAsync(async: true, cancellationToken).AsTask();

    private async ValueTask<object?> ExecuteScalarCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var reader = await ExecuteReaderCoreAsync(CommandBehavior.Default, async, cancellationToken).ConfigureAwait(false);
        try
        {
            return reader.FieldCount > 0 && await reader.ReadCoreAsync(async).ConfigureAwait(false) ? reader.GetValue(0) : null;
        }
        finally
        {
            await reader.CloseCoreAsync(async).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the commands and returns a reader over their queries' results, in order.</summary>
    public new ChronicleDataReader ExecuteReader(CommandBehavior behavior = CommandBehavior.Default) =>
        ExecuteReaderCoreAsync(behavior, async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteReader"/>
    public new Task<ChronicleDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        ExecuteReaderCoreAsync(CommandBehavior.Default, async: true, cancellationToken).AsTask();

    /// <inheritdoc/>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    /// <inheritdoc/>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderCoreAsync(behavior, async: true, cancellationToken).ConfigureAwait(false);

    private async ValueTask<ChronicleDataReader> ExecuteReaderCoreAsync(CommandBehavior behavior, bool async, CancellationToken cancellationToken)
    {
        var (connection, units, scope) = Start(nameof(ExecuteReader), cancellationToken);
        return await ChronicleDataReader.ExecuteAsync(connection, units, scope, behavior,
            () => Interlocked.CompareExchange(ref _activeScope, null, scope), async).ConfigureAwait(false);
    }

    /// <summary>Checks the batch, binds every command's parameters and starts the execution's scope (the batch's active one until it ends).</summary>
    private (ChronicleConnection Connection, List<CommandUnit> Units, ExecutionScope Scope) Start(string operation, CancellationToken cancellationToken)
    {
        var connection = CheckReady(operation);
        cancellationToken.ThrowIfCancellationRequested();
        var units = new List<CommandUnit>(BatchCommands.Count);
        foreach (var c in BatchCommands.Items)
        {
            if (string.IsNullOrWhiteSpace(c.CommandText)) throw Errors.NoCommandText($"{operation} (batch command {units.Count})");
            c.SetRecordsAffected(-1);
            units.Add(new CommandUnit(c.CommandText, ParameterBinder.Bind(c.Parameters), c));
        }
        var scope = new ExecutionScope(Timeout, cancellationToken);
        Volatile.Write(ref _activeScope, scope);
        return (connection, units, scope);
    }

    private ChronicleConnection CheckReady(string operation)
    {
        var connection = _connection ?? throw Errors.NoConnection(operation);
        connection.CheckReady(operation);
        if (BatchCommands.Count == 0) throw Errors.EmptyBatch(operation);
        if (Transaction is { Connection: { } owner } && !ReferenceEquals(owner, connection)) throw Errors.TransactionOfOtherConnection();
        return connection;
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
