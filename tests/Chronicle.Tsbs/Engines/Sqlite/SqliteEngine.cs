using System.Diagnostics;
using Chronicle.Tsbs.Queries;
using Chronicle.Tsbs.Workload;
using Microsoft.Data.Sqlite;

namespace Chronicle.Tsbs.Engines.Sqlite;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite, in process: WAL journal, synchronous=NORMAL, one wide
/// table (time INTEGER ns, three tags, 10 REAL), an index on (hostname, time) created before the
/// load, a prepared INSERT in transactions of 10,000 rows.
/// </summary>
public sealed class SqliteEngine : IEngine
{
    private const int RowsPerTransaction = 10_000;

    private readonly EngineContext context;
    private readonly string path;
    private readonly SqliteSql sql = new();
    private SqliteConnection? connection;

    /// <summary>Creates the engine; the database file goes in the context's work directory.</summary>
    public SqliteEngine(EngineContext context)
    {
        this.context = context;
        path = Path.Combine(context.WorkDirectory, "tsbs.sqlite");
        ProcStatus.ResetSelfPeak();
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public string Description { get; private set; } = "SQLite (Microsoft.Data.Sqlite), WAL, synchronous=NORMAL";

    /// <inheritdoc />
    public string PeakMemoryMethod => "in process: the runner's VmHWM after resetting it (clear_refs) when the engine starts; includes the .NET runtime and the generator";

    /// <inheritdoc />
    public long BytesOnDisk =>
        new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <inheritdoc />
    public long? PeakMemoryBytes => ProcStatus.SelfPeakBytes();

    /// <inheritdoc />
    public string SqlFor(TsbsQuery query) => sql.Sql(query);

    /// <inheritdoc />
    public async Task<LoadResult> LoadAsync(CpuWorkload workload, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("CREATE TABLE cpu (time INTEGER NOT NULL, hostname TEXT NOT NULL, region TEXT NOT NULL, datacenter TEXT NOT NULL, " +
                string.Join(", ", CpuRow.FieldNames.Select(f => f + " REAL")) + ")");
        Execute("CREATE INDEX cpu_hostname_time ON cpu (hostname, time)");
        Description = $"SQLite {connection.ServerVersion} (Microsoft.Data.Sqlite), WAL, synchronous=NORMAL, index (hostname, time)";

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO cpu VALUES (" + string.Join(", ", Enumerable.Range(0, 4 + CpuRow.FieldCount).Select(i => "$p" + i)) + ")";
        var parameters = Enumerable.Range(0, 4 + CpuRow.FieldCount).Select(i => insert.CreateParameter()).ToArray();
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].ParameterName = "$p" + i;
            insert.Parameters.Add(parameters[i]);
        }

        long rows = 0;
        var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        insert.Prepare();
        foreach (var batch in workload.Batches(RowsPerTransaction))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < batch.Count; i++)
            {
                var host = workload.Hosts[batch.HostIndex[i]];
                parameters[0].Value = batch.TimeNs[i];
                parameters[1].Value = host.Hostname;
                parameters[2].Value = host.Region;
                parameters[3].Value = host.Datacenter;
                for (var f = 0; f < CpuRow.FieldCount; f++)
                {
                    parameters[4 + f].Value = batch.Fields[f][i];
                }

                insert.ExecuteNonQuery();
            }

            rows += batch.Count;
            transaction.Commit();
            transaction.Dispose();
            transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
        }

        transaction.Commit();
        transaction.Dispose();
        Execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        stopwatch.Stop();
        context.Log($"sqlite: loaded {rows:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return new LoadResult(rows * CpuRow.FieldCount, stopwatch.Elapsed);
    }

    /// <inheritdoc />
    public async Task<QueryResult> RunAsync(TsbsQuery query, CancellationToken cancellationToken)
    {
        var open = connection ?? throw new InvalidOperationException("LoadAsync must run before RunAsync.");
        using var command = open.CreateCommand();
        command.CommandText = sql.Sql(query);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await QueryResultReader.ReadAsync(reader, query.Shape, static (r, i) => r.GetInt64(i), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    private void Execute(string text)
    {
        using var command = connection!.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }
}
