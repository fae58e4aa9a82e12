using System.Diagnostics;
using Chronicle.Data;
using Chronicle.Tsbs.Queries;
using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Engines.Chronicle;

/// <summary>
/// Chronicle through its ADO.NET provider, in process: the table <c>cpu</c> with three tags and ten
/// DOUBLE fields, loaded with the bulk inserter's columnar path (one column per host and field per
/// batch), SyncMode Interval, then flushed and compacted so queries read segments; queries as
/// <see cref="ChronicleSql"/> writes them.
/// </summary>
public sealed class ChronicleEngine : IEngine
{
    private const int RowsPerBatch = 10_000;

    private readonly EngineContext context;
    private readonly string directory;
    private readonly ChronicleSql sql = new();
    private ChronicleDataSource? dataSource;
    private ChronicleConnection? connection;

    /// <summary>Creates the engine; the database directory goes in the context's work directory.</summary>
    public ChronicleEngine(EngineContext context)
    {
        this.context = context;
        directory = Path.Combine(context.WorkDirectory, "chronicle");
        ProcStatus.ResetSelfPeak();
    }

    /// <inheritdoc />
    public string Name => "chronicle";

    /// <inheritdoc />
    public string Description => "Chronicle (ADO.NET provider, bulk inserter), SyncMode Interval, flushed and compacted before the queries";

    /// <inheritdoc />
    public string PeakMemoryMethod => "in process: the runner's VmHWM after resetting it (clear_refs) when the engine starts; includes the .NET runtime and the generator";

    /// <inheritdoc />
    public long BytesOnDisk =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    /// <inheritdoc />
    public long? PeakMemoryBytes => ProcStatus.SelfPeakBytes();

    /// <inheritdoc />
    public string SqlFor(TsbsQuery query) => sql.Sql(query);

    /// <inheritdoc />
    public async Task<LoadResult> LoadAsync(CpuWorkload workload, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        dataSource = ChronicleDataSource.Create($"Data Source={directory};Sync Mode=Interval");
        connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE cpu (time TIMESTAMP, hostname TAG, region TAG, datacenter TAG, " +
                string.Join(", ", CpuRow.FieldNames.Select(f => f + " DOUBLE")) + ")";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        long rows = 0;
        int hosts = workload.Hosts.Count;
        var times = new long[hosts][];
        var values = new double[hosts][][];
        var counts = new int[hosts];
        foreach (var batch in workload.Batches(RowsPerBatch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(counts);
            for (int h = 0; h < hosts; h++)
            {
                if (times[h] is null || times[h].Length < batch.Count)
                {
                    times[h] = new long[batch.Count];
                    values[h] = Enumerable.Range(0, CpuRow.FieldCount).Select(_ => new double[batch.Count]).ToArray();
                }
            }
            for (int i = 0; i < batch.Count; i++)
            {
                int h = batch.HostIndex[i];
                int n = counts[h]++;
                times[h][n] = batch.TimeNs[i];
                for (int f = 0; f < CpuRow.FieldCount; f++) values[h][f][n] = batch.Fields[f][i];
            }
            await using var inserter = connection.BeginBulkInsert("cpu", ["time", "hostname", "region", "datacenter", .. CpuRow.FieldNames]);
            for (int h = 0; h < hosts; h++)
            {
                if (counts[h] == 0) continue;
                var host = workload.Hosts[h];
                string?[] tags = [host.Hostname, host.Region, host.Datacenter];
                for (int f = 0; f < CpuRow.FieldCount; f++)
                    inserter.AppendColumns(times[h].AsSpan(0, counts[h]), tags, CpuRow.FieldNames[f], values[h][f].AsSpan(0, counts[h]));
            }
            await inserter.CompleteAsync(cancellationToken);
            rows += batch.Count;
        }
        // Make the data durable the engine's way and give the queries segments, as a steady state would.
        await dataSource.Storage.FlushAsync(cancellationToken);
        await dataSource.Storage.CompactAsync(cancellationToken);
        stopwatch.Stop();
        context.Log($"chronicle: loaded {rows:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return new LoadResult(rows * CpuRow.FieldCount, stopwatch.Elapsed);
    }

    /// <inheritdoc />
    public async Task<QueryResult> RunAsync(TsbsQuery query, CancellationToken cancellationToken)
    {
        var open = connection ?? throw new InvalidOperationException("LoadAsync must run before RunAsync.");
        using var command = open.CreateCommand();
        command.CommandText = sql.Sql(query);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await QueryResultReader.ReadAsync(reader, query.Shape, static (r, i) => r.GetFieldValue<long>(i), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
            dataSource = null;
        }
    }
}
