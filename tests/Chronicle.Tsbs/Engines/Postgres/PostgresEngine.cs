using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Chronicle.Tsbs.Queries;
using Chronicle.Tsbs.Workload;
using Npgsql;
using NpgsqlTypes;

namespace Chronicle.Tsbs.Engines.Postgres;

/// <summary>
/// PostgreSQL 15 through Npgsql, on a throwaway server (postgres.sh) with default settings on
/// 127.0.0.1 and a free port. One wide table (time timestamptz, three text tags, 10 double
/// precision), an index on (hostname, time) created before the load, ingest by binary COPY in one
/// stream, then ANALYZE and CHECKPOINT (both inside the timed load).
/// </summary>
public sealed class PostgresEngine : IEngine
{
    private readonly EngineContext context;
    private readonly string serverDirectory;
    private readonly int port;
    private readonly PostgresSql sql = new();
    private NpgsqlConnection? connection;
    private int backendPid;
    private bool started;

    /// <summary>Starts the throwaway server in the context's work directory.</summary>
    /// <exception cref="InvalidOperationException">postgres.sh could not start the server; the message holds its output.</exception>
    public PostgresEngine(EngineContext context)
    {
        this.context = context;
        serverDirectory = Path.Combine(context.WorkDirectory, "pg");
        port = FreePort();
        Script(context, "start", serverDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        started = true;
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public string Description { get; private set; } = "PostgreSQL 15 (Npgsql), default settings";

    /// <inheritdoc />
    public string PeakMemoryMethod => "child process: VmHWM of the serving backend (pg_backend_pid), which counts the shared buffers it touched; other server processes are not added";

    /// <inheritdoc />
    public long BytesOnDisk => Scalar<long>("SELECT pg_total_relation_size('cpu')");

    /// <inheritdoc />
    public long? PeakMemoryBytes => backendPid == 0 ? null : ProcStatus.ReadBytes(backendPid, "VmHWM");

    /// <summary>Null when PostgreSQL 15 is installed here (postgres.sh check), else the reason.</summary>
    public static string? UnavailableReason(EngineContext context)
    {
        var (code, output) = Run("bash", [Path.Combine(context.SuiteDirectory, "postgres.sh"), "check"]);
        return code == 0 ? null : $"PostgreSQL 15 not found ({output.Trim()})";
    }

    /// <inheritdoc />
    public string SqlFor(TsbsQuery query) => sql.Sql(query);

    /// <inheritdoc />
    public async Task<LoadResult> LoadAsync(CpuWorkload workload, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres",
            Timezone = "UTC", Pooling = false, CommandTimeout = 0,
        };
        connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        backendPid = connection.ProcessID;
        Description = $"PostgreSQL {connection.PostgreSqlVersion} (Npgsql), default settings, index (hostname, time)";
        await ExecuteAsync(
            "CREATE TABLE cpu (time timestamptz NOT NULL, hostname text NOT NULL, region text NOT NULL, datacenter text NOT NULL, " +
            string.Join(", ", CpuRow.FieldNames.Select(f => f + " double precision")) + ")", cancellationToken);
        await ExecuteAsync("CREATE INDEX cpu_hostname_time ON cpu (hostname, time)", cancellationToken);

        long rows = 0;
        using (var importer = connection.BeginBinaryImport("COPY cpu FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var batch in workload.Batches())
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < batch.Count; i++)
                {
                    var host = workload.Hosts[batch.HostIndex[i]];
                    importer.StartRow();
                    importer.Write(DateTime.UnixEpoch.AddTicks(batch.TimeNs[i] / 100), NpgsqlDbType.TimestampTz);
                    importer.Write(host.Hostname, NpgsqlDbType.Text);
                    importer.Write(host.Region, NpgsqlDbType.Text);
                    importer.Write(host.Datacenter, NpgsqlDbType.Text);
                    for (var f = 0; f < CpuRow.FieldCount; f++)
                    {
                        importer.Write(batch.Fields[f][i], NpgsqlDbType.Double);
                    }
                }

                rows += batch.Count;
            }

            importer.Complete();
        }

        await ExecuteAsync("ANALYZE cpu", cancellationToken);
        await ExecuteAsync("CHECKPOINT", cancellationToken);
        stopwatch.Stop();
        context.Log($"postgres: loaded {rows:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return new LoadResult(rows * CpuRow.FieldCount, stopwatch.Elapsed);
    }

    /// <inheritdoc />
    public async Task<QueryResult> RunAsync(TsbsQuery query, CancellationToken cancellationToken)
    {
        var open = connection ?? throw new InvalidOperationException("LoadAsync must run before RunAsync.");
        await using var command = new NpgsqlCommand(sql.Sql(query), open);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await QueryResultReader.ReadAsync(reader, query.Shape,
            static (r, i) => QueryResultReader.ToNs(r.GetFieldValue<DateTime>(i)), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }

        if (started)
        {
            started = false;
            Script(context, "stop", serverDirectory);
        }
    }

    private async Task ExecuteAsync(string text, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(text, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private T Scalar<T>(string text)
    {
        using var command = new NpgsqlCommand(text, connection);
        return (T)command.ExecuteScalar()!;
    }

    private static void Script(EngineContext context, params string[] arguments)
    {
        var (code, output) = Run("bash", [Path.Combine(context.SuiteDirectory, "postgres.sh"), .. arguments]);
        if (code != 0)
        {
            throw new InvalidOperationException($"postgres.sh {string.Join(' ', arguments)} failed (exit {code}):\n{output}");
        }

        context.Log(output.Trim());
    }

    private static (int Code, string Output) Run(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (127, $"cannot run {fileName}: {error.Message}");
        }

        using var owned = process;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
