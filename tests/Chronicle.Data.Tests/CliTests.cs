using System.Diagnostics;

namespace Chronicle.Data.Tests;

/// <summary>The minimal `chronicle sql` command (the CLI is referenced, so chronicle.dll is next to the tests).</summary>
public class CliTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chronicle.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Sql_runs_statements_and_prints_rows()
    {
        using var db = new TempDatabase();
        var (code, output, error) = await RunAsync("sql", db.Directory,
            "CREATE TABLE t (time TIMESTAMP, host TAG, v DOUBLE); INSERT INTO t (time, host, v) VALUES ('2024-01-01T00:00:00Z', 'a', 1.5); SELECT host, v FROM t");
        Assert.True(code == 0, error);
        Assert.Contains("host\tv", output);
        Assert.Contains("a\t1.5", output);
        Assert.Contains("1 row(s) affected", output);
    }

    [Fact]
    public async Task Sql_reports_errors_with_exit_code_1()
    {
        using var db = new TempDatabase();
        var (code, _, error) = await RunAsync("sql", db.Directory, "SELEC 1");
        Assert.Equal(1, code);
        Assert.Contains("line 1, column 1", error);
    }
}
