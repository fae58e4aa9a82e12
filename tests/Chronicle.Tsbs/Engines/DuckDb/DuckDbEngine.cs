using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Chronicle.Tsbs.Queries;
using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Engines.DuckDb;

/// <summary>
/// DuckDB 1.5.6 through the npm package @duckdb/node-api 1.5.6-r.1 in a Node.js child process
/// (duckdb/server.mjs). Ingest: the runner writes the workload to a flat binary row file
/// (<see cref="BinaryRowFile"/>) in the work directory and the child feeds it to DuckDB's appender,
/// then CHECKPOINTs; both steps are inside the timed load, and the file is deleted afterwards. One
/// wide table (time TIMESTAMP, three VARCHAR tags, 10 DOUBLE), no index: DuckDB's min-max zone maps
/// are its natural access path. Query latency is measured inside the child (running the query and
/// materializing its values), without the JSON transport of the answer, which for large answers
/// (high-cpu-all) costs more than the query.
/// </summary>
public sealed class DuckDbEngine : IEngine
{
    private readonly EngineContext context;
    private readonly string databasePath;
    private readonly DuckDbSql sql = new();
    private readonly NodeChild child;
    private long? lastPeakBytes;

    /// <summary>Installs the npm packages when missing (npm ci) and starts the child process.</summary>
    /// <exception cref="InvalidOperationException">npm ci failed or node cannot start.</exception>
    public DuckDbEngine(EngineContext context)
    {
        this.context = context;
        databasePath = Path.Combine(context.WorkDirectory, "tsbs.duckdb");
        var directory = Path.Combine(context.SuiteDirectory, "duckdb");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@duckdb", "node-api")))
        {
            context.Log("duckdb: installing @duckdb/node-api (npm ci)");
            InstallPackages(directory, context.Log);
        }

        child = new NodeChild(directory, context.Log);
    }

    /// <inheritdoc />
    public string Name => "duckdb";

    /// <inheritdoc />
    public string Description { get; private set; } = "DuckDB (@duckdb/node-api 1.5.6-r.1)";

    /// <inheritdoc />
    public string PeakMemoryMethod => "child process: VmHWM of the node process that hosts DuckDB (includes Node.js itself, about 40-50 MB)";

    /// <inheritdoc />
    public long BytesOnDisk =>
        new[] { databasePath, databasePath + ".wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <inheritdoc />
    public long? PeakMemoryBytes
    {
        get
        {
            lastPeakBytes = ProcStatus.ReadBytes(child.Pid, "VmHWM") ?? lastPeakBytes;
            return lastPeakBytes;
        }
    }

    /// <summary>Null when node and npm are on the PATH and duckdb/package.json exists, else the reason.</summary>
    public static string? UnavailableReason(EngineContext context)
    {
        if (!File.Exists(Path.Combine(context.SuiteDirectory, "duckdb", "package.json")))
        {
            return "duckdb/package.json is missing";
        }

        foreach (var tool in new[] { "node", "npm" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator)
                .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool)));
            if (!found)
            {
                return $"{tool} is not on the PATH";
            }
        }

        return null;
    }

    /// <inheritdoc />
    public string SqlFor(TsbsQuery query) => sql.Sql(query);

    /// <inheritdoc />
    public async Task<LoadResult> LoadAsync(CpuWorkload workload, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var opened = await child.RequestAsync(new JsonObject { ["cmd"] = "open", ["path"] = databasePath, ["threads"] = Environment.ProcessorCount }, cancellationToken);
        Description = $"DuckDB {opened["version"]} (@duckdb/node-api 1.5.6-r.1, Node.js child process), appender, no index";
        await ExecAsync(
            "CREATE TABLE cpu (time TIMESTAMP NOT NULL, hostname VARCHAR NOT NULL, region VARCHAR NOT NULL, datacenter VARCHAR NOT NULL, " +
            string.Join(", ", CpuRow.FieldNames.Select(f => f + " DOUBLE")) + ")", cancellationToken);

        var rowFile = Path.Combine(context.WorkDirectory, "rows.bin");
        var written = BinaryRowFile.Write(workload, rowFile);
        var hosts = new JsonArray(workload.Hosts.Select(h => (JsonNode)new JsonArray(h.Hostname, h.Region, h.Datacenter)).ToArray());
        var loaded = await child.RequestAsync(new JsonObject { ["cmd"] = "load", ["table"] = "cpu", ["file"] = rowFile, ["hosts"] = hosts }, cancellationToken);
        var rows = loaded["rows"]!.GetValue<long>();
        File.Delete(rowFile);
        if (rows != written)
        {
            throw new InvalidOperationException($"DuckDB appended {rows} rows of {written} written.");
        }

        await ExecAsync("CHECKPOINT", cancellationToken);
        stopwatch.Stop();
        context.Log($"duckdb: loaded {rows:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        return new LoadResult(rows * CpuRow.FieldCount, stopwatch.Elapsed);
    }

    /// <inheritdoc />
    public async Task<QueryResult> RunAsync(TsbsQuery query, CancellationToken cancellationToken)
    {
        var response = await child.RequestAsync(new JsonObject { ["cmd"] = "query", ["sql"] = sql.Sql(query) }, cancellationToken);
        var shape = query.Shape;
        var columns = response["columns"]!.AsArray();
        if (columns.Count != shape.ColumnCount)
        {
            throw new InvalidOperationException($"DuckDB returned {columns.Count} columns for {query.Name}; the shape needs {shape.ColumnCount}.");
        }

        var rows = new List<ResultRow>();
        foreach (var node in response["rows"]!.AsArray())
        {
            var row = node!.AsArray();
            var keys = new string[shape.KeyCount];
            for (var k = 0; k < keys.Length; k++)
            {
                keys[k] = NodeChild.Text(row[k]);
            }

            var time = long.Parse(NodeChild.Text(row[shape.KeyCount]), CultureInfo.InvariantCulture);
            var values = new double[shape.ValueCount];
            for (var v = 0; v < values.Length; v++)
            {
                var cell = row[shape.KeyCount + 1 + v];
                values[v] = cell is null ? double.NaN : cell.GetValue<double>();
            }

            rows.Add(new ResultRow(keys, time, values));
        }

        var elapsedNs = long.Parse(NodeChild.Text(response["elapsedNs"]), CultureInfo.InvariantCulture);
        return new QueryResult(rows) { EngineElapsed = TimeSpan.FromTicks(elapsedNs / 100) };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _ = PeakMemoryBytes;
        try
        {
            await child.RequestAsync(new JsonObject { ["cmd"] = "close" }, CancellationToken.None);
        }
        catch (Exception error) when (error is InvalidOperationException or IOException)
        {
            context.Log("duckdb: close failed: " + error.Message);
        }

        child.Dispose();
    }

    private Task ExecAsync(string text, CancellationToken cancellationToken) =>
        child.RequestAsync(new JsonObject { ["cmd"] = "exec", ["sql"] = text }, cancellationToken);

    // `npm ci` installs exactly package-lock.json. A registry mirror that serves only this platform's
    // binding leaves the other platforms' optional bindings out of the lock, and `npm ci` then
    // refuses; `npm install --no-save` installs the same pinned versions without rewriting the lock.
    private static void InstallPackages(string directory, Action<string> log)
    {
        var (code, output) = Npm(directory, "ci", "--no-audit", "--no-fund");
        if (code == 0)
        {
            return;
        }

        log("duckdb: npm ci failed; trying npm install --no-save");
        var (retryCode, retryOutput) = Npm(directory, "install", "--no-audit", "--no-fund", "--no-save");
        if (retryCode != 0)
        {
            throw new InvalidOperationException($"npm ci and npm install in {directory} failed:\n{output}\n{retryOutput}");
        }
    }

    private static (int Code, string Output) Npm(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start npm.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
