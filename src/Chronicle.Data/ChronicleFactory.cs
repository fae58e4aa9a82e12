using System.Data.Common;

namespace Chronicle.Data;

/// <summary>
/// Creates the provider's objects. Register it under the invariant name <c>Chronicle.Data</c> to
/// use it through <see cref="DbProviderFactories"/>:
/// <code>DbProviderFactories.RegisterFactory("Chronicle.Data", ChronicleFactory.Instance);</code>
/// </summary>
public sealed class ChronicleFactory : DbProviderFactory
{
    /// <summary>The invariant name to register the factory under.</summary>
    public const string InvariantName = "Chronicle.Data";

    /// <summary>The one instance.</summary>
    public static readonly ChronicleFactory Instance = new();

    private ChronicleFactory() { }

    /// <inheritdoc/>
    public override DbCommand CreateCommand() => new ChronicleCommand();

    /// <inheritdoc/>
    public override DbConnection CreateConnection() => new ChronicleConnection();

    /// <inheritdoc/>
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new ChronicleConnectionStringBuilder();

    /// <inheritdoc/>
    public override DbParameter CreateParameter() => new ChronicleParameter();

    /// <summary>True: batches are supported.</summary>
    public override bool CanCreateBatch => true;

    /// <inheritdoc/>
    public override DbBatch CreateBatch() => new ChronicleBatch();

    /// <inheritdoc/>
    public override DbBatchCommand CreateBatchCommand() => new ChronicleBatchCommand();

    /// <summary>Opens a data source (the database) for <paramref name="connectionString"/>.</summary>
    public override DbDataSource CreateDataSource(string connectionString) => ChronicleDataSource.Create(connectionString);
}
