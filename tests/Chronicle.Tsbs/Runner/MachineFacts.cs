using System.Diagnostics;

namespace Chronicle.Tsbs.Runner;

/// <summary>The machine facts a results page records: <c>nproc</c>, <c>lscpu | head</c>, memory, OS, load average.</summary>
public static class MachineFacts
{
    /// <summary>The facts as Markdown lines (commands that fail are reported as unavailable).</summary>
    public static string Describe() =>
        $"""
        - `nproc`: {Shell("nproc").Trim()}
        - Memory (`/proc/meminfo`): {Shell("grep -E 'MemTotal' /proc/meminfo").Trim()}
        - OS: {Shell("uname -srm").Trim()}; .NET {Environment.Version}; Node.js {Shell("node --version").Trim()}
        - Load average (1, 5, 15 min; other users' work included): {LoadAtStart} when the run started, {LoadAverage()} when it ended
        - `lscpu | head`:

        ```
        {Shell("lscpu | head").TrimEnd()}
        ```
        """;

    /// <summary>The load average captured when the type was first used (the runner touches it at start).</summary>
    public static string LoadAtStart { get; } = LoadAverage();

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverage() => Shell("cut -d' ' -f1-3 /proc/loadavg").Trim();

    private static string Shell(string command)
    {
        try
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(command);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : "(unavailable)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(unavailable)";
        }
    }
}
