using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Chronicle.Data.Internal;
using Chronicle.Sql.Execution;
using Chronicle.Sql.Parsing;

namespace Chronicle.Data;

/// <summary>
/// One or more SQL statements (separated by <c>;</c>) to run on a <see cref="ChronicleConnection"/>.
/// The async methods are async where the engine does I/O (WAL acknowledgements, batch reads) and
/// honour their token; <see cref="Cancel"/> stops a running query at its next batch, and
/// <see cref="CommandTimeout"/> bounds an execution (for a reader: until the reader is closed).
/// A timeout or Cancel() throws <see cref="ChronicleException"/> (<see cref="ChronicleErrorCode.Timeout"/>,
/// <see cref="ChronicleErrorCode.Canceled"/>); the caller's token throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class ChronicleCommand : DbCommand
{
    private ChronicleConnection? _connection;
    private string _commandText = "";
    private int? _timeout;
    private ExecutionScope? _activeScope;
    private SqlParameters? _boundParameters; // reused by the next execution once the previous one has ended

    /// <summary>Creates a command with no text and no connection.</summary>
    public ChronicleCommand() { }

    /// <summary>Creates a command.</summary>
    /// <param name="commandText">SQL text.</param>
    /// <param name="connection">The connection to run on.</param>
    /// <param name="transaction">The connection's transaction, if any.</param>
    public ChronicleCommand(string? commandText, ChronicleConnection? connection = null, ChronicleTransaction? transaction = null)
    {
        CommandText = commandText;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The SQL text: one or more statements separated by <c>;</c>, with parameters <c>@name</c>, <c>:name</c>, <c>$name</c>, <c>$1</c> or <c>?</c>.</summary>
    [AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? "";
    }

    /// <summary>Seconds an execution may take (for a reader: from execution until it closes); 0 means no limit. Defaults to the connection's <c>Default Command Timeout</c> (30 s).</summary>
    /// <exception cref="ArgumentException">A negative value.</exception>
    public override int CommandTimeout
    {
        get => _timeout ?? _connection?.DefaultCommandTimeout ?? ChronicleConnectionStringBuilder.DefaultCommandTimeoutSeconds;
        set
        {
            if (value < 0) throw Errors.NegativeTimeout(nameof(CommandTimeout));
            _timeout = value;
        }
    }

    /// <summary>Always <see cref="CommandType.Text"/>.</summary>
    /// <exception cref="NotSupportedException">Set to anything else.</exception>
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw Errors.CommandType(value);
        }
    }

    /// <inheritdoc/>
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc/>
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <summary>The connection the command runs on.</summary>
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

    /// <summary>The transaction (informational: every command of a connection with an open transaction takes part in it).</summary>
    public new ChronicleTransaction? Transaction { get; set; }

    /// <inheritdoc/>
    protected override DbTransaction? DbTransaction
    {
        get => Transaction;
        set => Transaction = (ChronicleTransaction?)value;
    }

    /// <summary>The parameters.</summary>
    public new ChronicleParameterCollection Parameters { get; } = new();

    /// <inheritdoc/>
    protected override DbParameterCollection DbParameterCollection => Parameters;

    /// <summary>Creates a parameter (not added to <see cref="Parameters"/>).</summary>
    public new ChronicleParameter CreateParameter() => new();

    /// <inheritdoc/>
    protected override DbParameter CreateDbParameter() => CreateParameter();

    /// <summary>Stops the running execution of this command: a query stops before its next batch with <see cref="ChronicleErrorCode.Canceled"/>. Does nothing when nothing runs. Thread-safe.</summary>
    public override void Cancel() => Volatile.Read(ref _activeScope)?.Cancel();

    /// <summary>Parses the text now (the parser caches it by text, so executions skip parsing) and reports syntax errors early.</summary>
    /// <exception cref="InvalidOperationException">No open connection or no text.</exception>
    /// <exception cref="ChronicleException">A syntax error.</exception>
    public override void Prepare()
    {
        CheckReady(nameof(Prepare));
        try
        {
            SqlParser.ParseCached(_commandText);
        }
        catch (Exception e) when (Errors.IsEngineError(e))
        {
            throw Errors.Wrap(e)!;
        }
    }

    /// <summary>Runs the statements and returns the total rows inserted or deleted (-1 when no statement reports a count).</summary>
    /// <exception cref="InvalidOperationException">No open connection, no text, or a reader is open.</exception>
    /// <exception cref="ChronicleException">Bad SQL, a parameter of an unsupported type, a storage error, a timeout or Cancel().</exception>
    public override int ExecuteNonQuery() => ExecuteNonQueryCoreAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteNonQuery"/>
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => ExecuteNonQueryCoreAsync(async: true, cancellationToken).AsTask();

    private async ValueTask<int> ExecuteNonQueryCoreAsync(bool async, CancellationToken cancellationToken)
    {
        var (connection, unit, scope) = Start(nameof(ExecuteNonQuery), cancellationToken);
        try
        {
            return await ChronicleDataReader.ExecuteNonQueryAsync(connection, [unit], scope, async).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.CompareExchange(ref _activeScope, null, scope);
        }
    }

    /// <summary>Runs the statements and returns the first column of the first row of the first query (DBNull for NULL), or null when there is no row.</summary>
    /// <exception cref="InvalidOperationException">No open connection, no text, or a reader is open.</exception>
    /// <exception cref="ChronicleException">As for <see cref="ExecuteNonQuery"/>.</exception>
    public override object? ExecuteScalar() => ExecuteScalarCoreAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteScalar"/>
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => ExecuteScalarCoreAsync(async: true, cancellationToken).AsTask();

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

    /// <summary>Starts the statements and returns a reader positioned before the first row of the first query.</summary>
    /// <exception cref="InvalidOperationException">No open connection, no text, or a reader is open.</exception>
    /// <exception cref="ChronicleException">As for <see cref="ExecuteNonQuery"/>.</exception>
    public new ChronicleDataReader ExecuteReader() => ExecuteReader(CommandBehavior.Default);

    /// <inheritdoc cref="ExecuteReader()"/>
    public new ChronicleDataReader ExecuteReader(CommandBehavior behavior) =>
        ExecuteReaderCoreAsync(behavior, async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ExecuteReader()"/>
    public new Task<ChronicleDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) =>
        ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);

    /// <inheritdoc cref="ExecuteReader()"/>
    public new Task<ChronicleDataReader> ExecuteReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken = default) =>
        ExecuteReaderCoreAsync(behavior, async: true, cancellationToken).AsTask();

    /// <inheritdoc/>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => ExecuteReader(behavior);

    /// <inheritdoc/>
    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderCoreAsync(behavior, async: true, cancellationToken).ConfigureAwait(false);

    private async ValueTask<ChronicleDataReader> ExecuteReaderCoreAsync(CommandBehavior behavior, bool async, CancellationToken cancellationToken)
    {
        var (connection, unit, scope) = Start(nameof(ExecuteReader), cancellationToken);
        return await ChronicleDataReader.ExecuteAsync(
            connection, [unit], scope, behavior,
            () => Interlocked.CompareExchange(ref _activeScope, null, scope), async).ConfigureAwait(false);
    }

    /// <summary>Checks the command, binds the parameters and starts the execution's scope (the command's active one until it ends).</summary>
    private (ChronicleConnection Connection, CommandUnit Unit, ExecutionScope Scope) Start(string operation, CancellationToken cancellationToken)
    {
        var connection = CheckReady(operation);
        cancellationToken.ThrowIfCancellationRequested();
        // A running execution (an open reader) may still read its parameters: bind into a new object
        // then. Without parameters, the shared empty set (no SqlParameters made for nothing).
        var parameters = Parameters.Count == 0 ? SqlParameters.Empty
            : Volatile.Read(ref _activeScope) is null
            ? ParameterBinder.Bind(Parameters, _boundParameters ??= new SqlParameters())
            : ParameterBinder.Bind(Parameters);
        var scope = new ExecutionScope(CommandTimeout, cancellationToken);
        Volatile.Write(ref _activeScope, scope);
        return (connection, new CommandUnit(_commandText, parameters, null), scope);
    }

    private ChronicleConnection CheckReady(string operation)
    {
        var connection = _connection ?? throw Errors.NoConnection(operation);
        connection.CheckReady(operation);
        if (string.IsNullOrWhiteSpace(_commandText)) throw Errors.NoCommandText(operation);
        if (Transaction is { Connection: { } owner } && !ReferenceEquals(owner, connection)) throw Errors.TransactionOfOtherConnection();
        return connection;
    }
}
