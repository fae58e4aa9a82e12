using System.Data.Common;
using Chronicle.Data.Internal;
using Chronicle.Storage;

namespace Chronicle.Data;

/// <summary>
/// An opened Chronicle database: owns a lease on the directory's storage engine and SQL layer
/// from <see cref="Create(string)"/> until it is disposed, so connections made from it open
/// instantly (they are cheap sessions over the shared engine). The model is Npgsql's
/// <c>NpgsqlDataSource</c>; for an embedded engine the data source is the database itself.
/// Connections made from a connection string to the same directory share the same engine.
/// </summary>
public sealed class ChronicleDataSource : DbDataSource
{
    private readonly string _connectionString;
    private SharedDatabase? _shared;

    private ChronicleDataSource(ChronicleConnectionStringBuilder settings)
    {
        _connectionString = settings.ConnectionString;
        _shared = DatabaseRegistry.Acquire(settings);
    }

    /// <summary>Opens the database named by <paramref name="connectionString"/> (see <see cref="ChronicleConnectionStringBuilder"/>).</summary>
    /// <exception cref="ArgumentException">An unknown keyword or a bad value.</exception>
    /// <exception cref="InvalidOperationException">No Data Source.</exception>
    /// <exception cref="ChronicleException">The database is missing (ReadWrite/ReadOnly), locked by another process, or cannot be opened.</exception>
    public static ChronicleDataSource Create(string connectionString) => new(new ChronicleConnectionStringBuilder(connectionString));

    /// <summary>Opens the database described by <paramref name="settings"/>.</summary>
    /// <exception cref="ChronicleException">As for <see cref="Create(string)"/>.</exception>
    public static ChronicleDataSource Create(ChronicleConnectionStringBuilder settings) => new(settings);

    /// <inheritdoc/>
    public override string ConnectionString => _connectionString;

    /// <summary>The storage engine (for flush, compaction and inspection).</summary>
    /// <exception cref="ObjectDisposedException">The data source is disposed.</exception>
    public StorageEngine Storage => Shared.Engine;

    internal SharedDatabase Shared => _shared ?? throw Errors.DataSourceDisposed();

    /// <summary>Creates a closed connection over this database.</summary>
    public new ChronicleConnection CreateConnection() => new(this);

    /// <summary>Creates and opens a connection over this database.</summary>
    public new ChronicleConnection OpenConnection()
    {
        var c = CreateConnection();
        c.Open();
        return c;
    }

    /// <summary>Creates and opens a connection over this database.</summary>
    public new async ValueTask<ChronicleConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var c = CreateConnection();
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        return c;
    }

    /// <inheritdoc/>
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <summary>Releases the data source's lease; the engine closes when no connection uses it either.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _shared is { } shared)
        {
            _shared = null;
            DatabaseRegistry.Release(shared);
        }
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return ValueTask.CompletedTask;
    }
}
