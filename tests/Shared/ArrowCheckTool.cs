using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Chronicle.Tests.Shared;

/// <summary>
/// Runs tools/arrow-check/check.mjs (the npm apache-arrow implementation, an independent Arrow
/// reader) on a file and returns its JSON report. Compiled into each test project that cross-checks
/// Arrow output (linked from tests/Shared).
/// </summary>
internal static class ArrowCheckTool
{
    /// <summary>The repository root: the first directory above the test binaries holding Chronicle.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string ToolDirectory => Path.Combine(RepoRoot, "tools", "arrow-check");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Chronicle.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Chronicle.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs the check (mode "--values", "--sums" or null for the default); fails the test, saying what to do, when node or apache-arrow is missing.</summary>
    public static JsonElement Run(string path, string? mode = null)
    {
        if (!Directory.Exists(Path.Combine(ToolDirectory, "node_modules", "apache-arrow")))
            Assert.Fail("The apache-arrow cross-check is not installed: run `npm ci` in tools/arrow-check (CI's .ci/run does this).");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ToolDirectory,
        };
        start.ArgumentList.Add(Path.Combine(ToolDirectory, "check.mjs"));
        start.ArgumentList.Add(path);
        if (mode is not null) start.ArgumentList.Add(mode);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"node is not installed ({e.Message}); install Node.js, then run `npm ci` in tools/arrow-check.");
            throw;
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("node check.mjs did not finish within 5 minutes.");
            }
            if (process.ExitCode != 0)
                Assert.Fail($"apache-arrow could not read {path} (exit {process.ExitCode}):\n{stderr.Result}");
            return JsonDocument.Parse(stdout).RootElement.Clone();
        }
    }
}
