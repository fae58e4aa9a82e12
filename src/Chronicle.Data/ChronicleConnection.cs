using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Chronicle.Data.Internal;
using Chronicle.Sql.Execution;
using Chronicle.Storage;

namespace Chronicle.Data;

/// <summary>
/// A session on a Chronicle database directory. Opening is cheap after the first connection:
/// connections (and <see cref="ChronicleDataSource"/>s) to the same directory in one process
/// share one storage engine, which is opened with the first and closed (flushing its memstore)
/// with the last. The engine settings of the first opener apply to all.
/// <para>
/// A second process opening the same directory gets a <see cref="ChronicleException"/> with
/// <see cref="ChronicleErrorCode.DatabaseLocked"/> naming the <c>LOCK</c> file.
/// <c>Mode=ReadWrite</c> or <c>Mode=ReadOnly</c> on a directory without a database gives
/// <see cref="ChronicleErrorCode.DatabaseNotFound"/>. One command runs at a time per connection;
/// use one connection per thread. See <c>docs/provider.md</c>.
/// </para>
/// </summary>
public sealed class ChronicleConnection : DbConnection
{
    private string _connectionString = "";
    private ChronicleConnectionStringBuilder _settings = new();
    private readonly ChronicleDataSource? _dataSource;
    private SharedDatabase? _shared;
    private SqlSession? _session;
    private ConnectionState _state = ConnectionState.Closed;

    /// <summary>Creates a closed connection with no connection string.</summary>
    public ChronicleConnection() { }

    /// <summary>Creates a closed connection.</summary>
    /// <param name="connectionString">For example <c>Data Source=./metrics</c>; see <see cref="ChronicleConnectionStringBuilder"/>.</param>
    /// <exception cref="ArgumentException">An unknown keyword or a bad value.</exception>
    public ChronicleConnection(string? connectionString) => ConnectionString = connectionString;

    internal ChronicleConnection(ChronicleDataSource dataSource)
    {
        _dataSource = dataSource;
        _connectionString = dataSource.ConnectionString;
        _settings = new ChronicleConnectionStringBuilder(_connectionString);
    }

    /// <summary>The connection string; it can be changed only while the connection is closed.</summary>
    /// <exception cref="ArgumentException">An unknown keyword or a bad value.</exception>
    /// <exception cref="InvalidOperationException">The connection is open, or it belongs to a data source.</exception>
    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_state != ConnectionState.Closed) throw Errors.ConnectionAlreadyOpen();
            if (_dataSource is not null) throw Errors.DataSourceConnectionString();
            _settings = new ChronicleConnectionStringBuilder(value);
            _connectionString = value ?? "";
        }
    }

    /// <summary>Always <c>main</c>: a directory holds one database.</summary>
    public override string Database => "main";

    /// <summary>The database directory (the connection string's <c>Data Source</c>).</summary>
    public override string DataSource => _settings.DataSource;

    /// <summary>The provider's version.</summary>
    public override string ServerVersion =>
        typeof(ChronicleConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <inheritdoc/>
    public override ConnectionState State => _state;

    /// <summary>The <see cref="DbCommand.CommandTimeout"/> of new commands, in seconds (connection string <c>Default Command Timeout</c>).</summary>
    public int DefaultCommandTimeout => _settings.DefaultCommandTimeout;

    /// <summary>The storage engine this connection uses (shared with every connection to the directory).</summary>
    /// <exception cref="InvalidOperationException">The connection is not open.</exception>
    public StorageEngine Storage => Shared.Engine;

    /// <summary>The open transaction, if any.</summary>
    internal ChronicleTransaction? Transaction { get; set; }

    /// <summary>The open data reader, if any (one at a time).</summary>
    internal ChronicleDataReader? ActiveReader { get; set; }

    /// <summary>The bulk insert in progress, if any.</summary>
    internal ChronicleBulkInserter? ActiveBulkInserter { get; set; }

    internal SharedDatabase Shared => _shared ?? throw Errors.ConnectionNotOpen("This operation");

    internal SqlSession Session => _session ?? throw Errors.ConnectionNotOpen("This operation");

    /// <summary>Opens the connection, opening (and recovering) the database when no other connection in this process has it open.</summary>
    /// <exception cref="InvalidOperationException">Already open, or no Data Source.</exception>
    /// <exception cref="ChronicleException">The database is missing (ReadWrite/ReadOnly), locked by another process, opened with a conflicting Mode, or cannot be opened.</exception>
    public override void Open()
    {
        if (_state == ConnectionState.Open) throw Errors.ConnectionAlreadyOpen();
        if (_dataSource is not null)
        {
            _shared = _dataSource.Shared;
            DatabaseRegistry.AddRef(_shared);
        }
        else
        {
            _shared = DatabaseRegistry.Acquire(_settings);
        }
        _session = _shared.Sql.OpenSession();
        _state = ConnectionState.Open;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    /// <summary>
    /// Opens the connection. The engine's open (WAL recovery) has no async form, so a first open
    /// runs synchronously on the calling thread; the token is checked before it starts.
    /// </summary>
    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Closes the connection: closes its reader, discards an uncompleted bulk insert, rolls back
    /// an open transaction, and releases the engine (the last connection closes it).
    /// </summary>
    public override void Close()
    {
        if (_state == ConnectionState.Closed) return;
        try
        {
            try { ActiveReader?.Close(); }
            finally
            {
                ActiveReader = null;
                ActiveBulkInserter?.Dispose();
                ActiveBulkInserter = null;
                Transaction?.Dispose();
                Transaction = null;
            }
        }
        finally
        {
            _session?.Dispose();
            _session = null;
            var shared = _shared;
            _shared = null;
            _state = ConnectionState.Closed;
            OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
            if (shared is not null) DatabaseRegistry.Release(shared);
        }
    }

    /// <summary>Not supported: a connection's database is its directory.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void ChangeDatabase(string databaseName) =>
        throw Errors.ChangeDatabase();

    /// <summary>Creates a command on this connection.</summary>
    public new ChronicleCommand CreateCommand() => new() { Connection = this, Transaction = Transaction };

    /// <inheritdoc/>
    protected override DbCommand CreateDbCommand() => CreateCommand();

    /// <summary>Starts a transaction: INSERTs are buffered until <see cref="ChronicleTransaction.Commit"/> writes them as one atomic WAL record.</summary>
    /// <exception cref="InvalidOperationException">The connection is closed, or a transaction is already open.</exception>
    public new ChronicleTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    /// <summary>Starts a transaction; only <see cref="IsolationLevel.Unspecified"/> and <see cref="IsolationLevel.ReadCommitted"/> are accepted.</summary>
    /// <exception cref="ArgumentException">Another isolation level.</exception>
    /// <exception cref="InvalidOperationException">The connection is closed, or a transaction is already open.</exception>
    public new ChronicleTransaction BeginTransaction(IsolationLevel isolationLevel)
    {
        if (isolationLevel is not (IsolationLevel.Unspecified or IsolationLevel.ReadCommitted)) throw Errors.IsolationLevel(isolationLevel);
        if (_state != ConnectionState.Open) throw Errors.ConnectionNotOpen(nameof(BeginTransaction));
        if (Transaction is not null) throw Errors.TransactionAlreadyOpen();
        Transaction = new ChronicleTransaction(this);
        return Transaction;
    }

    /// <inheritdoc/>
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    /// <summary>True: <see cref="ChronicleBatch"/> is supported.</summary>
    public override bool CanCreateBatch => true;

    /// <summary>Creates a batch on this connection.</summary>
    public new ChronicleBatch CreateBatch() => new() { Connection = this, Transaction = Transaction };

    /// <inheritdoc/>
    protected override DbBatch CreateDbBatch() => CreateBatch();

    /// <summary>
    /// Starts a bulk insert into <paramref name="table"/> for the named columns (which must include
    /// the time column); see <see cref="ChronicleBulkInserter"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is closed, or a bulk insert is already in progress.</exception>
    /// <exception cref="ChronicleException">The table does not exist.</exception>
    /// <exception cref="ArgumentException">An unknown or repeated column, or no time column.</exception>
    public ChronicleBulkInserter BeginBulkInsert(string table, params string[] columns)
    {
        if (_state != ConnectionState.Open) throw Errors.ConnectionNotOpen(nameof(BeginBulkInsert));
        if (ActiveBulkInserter is not null) throw Errors.BulkOpenOnConnection();
        var inserter = new ChronicleBulkInserter(this, table, columns);
        ActiveBulkInserter = inserter;
        return inserter;
    }

    /// <summary>Throws unless the connection is open and free to run <paramref name="operation"/>.</summary>
    internal void CheckReady(string operation)
    {
        if (_state != ConnectionState.Open) throw Errors.ConnectionNotOpen(operation);
        if (ActiveReader is not null) throw Errors.ReaderOpen();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override DbProviderFactory DbProviderFactory => ChronicleFactory.Instance;
}
