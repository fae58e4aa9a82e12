using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronicle.Tsbs.Engines.DuckDb;

/// <summary>
/// The duckdb/server.mjs child process: sends one JSON request per line on its stdin and reads one
/// JSON response per line from its stdout (protocol documented at the top of server.mjs). Its
/// stderr is forwarded to the log. Not thread-safe: one request at a time.
/// </summary>
internal sealed class NodeChild : IDisposable
{
    private readonly Process process;
    private readonly Action<string> log;

    /// <summary>Starts <c>node server.mjs</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">node cannot be started.</exception>
    public NodeChild(string directory, Action<string> log)
    {
        this.log = log;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("server.mjs");
        process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log("duckdb/server.mjs: " + e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The child's process id (for /proc/&lt;pid&gt;/status).</summary>
    public int Pid => process.Id;

    /// <summary>Sends <paramref name="request"/> and returns the response object.</summary>
    /// <exception cref="InvalidOperationException">The child answered <c>ok: false</c> (message holds its error) or exited.</exception>
    public async Task<JsonObject> RequestAsync(JsonObject request, CancellationToken cancellationToken)
    {
        await process.StandardInput.WriteLineAsync(request.ToJsonString().AsMemory(), cancellationToken);
        await process.StandardInput.FlushAsync(cancellationToken);
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken)
            ?? throw new InvalidOperationException($"duckdb/server.mjs exited (code {(process.HasExited ? process.ExitCode : -1)}) during '{request["cmd"]}'.");
        var response = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidOperationException("duckdb/server.mjs sent an empty response.");
        if (response["ok"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"duckdb/server.mjs '{request["cmd"]}' failed: {response["error"]}");
        }

        return response;
    }

    /// <summary>Closes stdin and waits up to 30 s for the child to exit, then kills it.</summary>
    public void Dispose()
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(30_000))
            {
                log("duckdb/server.mjs did not exit; killing it");
                process.Kill();
            }
        }
        catch (Exception error) when (error is InvalidOperationException or IOException)
        {
            log("duckdb/server.mjs: " + error.Message);
        }

        process.Dispose();
    }

    /// <summary>Reads a JSON value as string (DuckDB sends BIGINT and timestamps as decimal strings).</summary>
    public static string Text(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        null or JsonValueKind.Null => string.Empty,
        _ => node.ToJsonString(),
    };
}
