using System.Diagnostics;
using System.Globalization;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Reading;
using Chronicle.Storage.Tests.Engine;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Crash;

/// <summary>
/// The crash harness: a child process (Chronicle.Storage.CrashWriter) writes and records each
/// acknowledged write; the test kills it with SIGKILL at a random moment, reopens the database,
/// and checks that every acknowledged sample is there with its value. The seed of each round is
/// printed; replay a failure with CHRONICLE_CRASH_SEED=&lt;seed&gt;.
/// </summary>
public sealed class CrashHarnessTests(ITestOutputHelper output)
{
    private const int KillsPerMode = 10;

    [Theory]
    [InlineData(SyncMode.Always)]
    [InlineData(SyncMode.Interval)]
    public async Task Every_acknowledged_sample_survives_kill_9(SyncMode mode)
    {
        int baseSeed = SeedFromEnvironment() ?? Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"{mode}: base seed {baseSeed} (replay with CHRONICLE_CRASH_SEED={baseSeed})");
        using var dir = new TempDirectory();
        string ackPath = Path.Combine(dir.Path, "acks.log");
        string dbPath = Path.Combine(dir.Path, "db");
        var rng = new Random(baseSeed);
        for (int round = 0; round < KillsPerMode; round++)
        {
            int seed = baseSeed + round;
            int killAfterMs = 150 + rng.Next(900);
            await RunAndKill(dbPath, ackPath, mode, seed, "samples", killAfterMs);
            int acked = Verify(dbPath, ackPath, $"seed {seed}, round {round}, killed after {killAfterMs} ms");
            output.WriteLine($"round {round}: seed {seed}, killed after {killAfterMs} ms, {acked} acknowledged batches verified");
        }
    }

    [Fact]
    public async Task A_kill_between_the_catalog_commit_and_the_wal_record_never_reissues_an_id()
    {
        int baseSeed = SeedFromEnvironment() ?? Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"base seed {baseSeed}");
        using var dir = new TempDirectory();
        string ackPath = Path.Combine(dir.Path, "acks.log");
        string dbPath = Path.Combine(dir.Path, "db");
        for (int round = 0; round < 3; round++)
        {
            // The writer kills itself right after a catalog commit (Environment.FailFast), or is killed from outside.
            await RunAndKill(dbPath, ackPath, SyncMode.Always, baseSeed + round, "catalog", killAfterMs: 2000);
        }
        var created = File.ReadAllLines(ackPath).Where(l => l.StartsWith("series ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')).Select(p => (Host: p[1], Id: long.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(created);
        Assert.Equal(created.Count, created.Select(c => c.Id).Distinct().Count());
        await using var engine = StorageEngine.Open(dbPath, new StorageOptions { FlushInterval = TimeSpan.Zero });
        foreach (var (host, id) in created)
            Assert.Equal(host, engine.GetSeries(id).Key.Tags["writer"]);
        var ids = new long[1];
        engine.GetOrCreateSeries([new SeriesKey("crash", TagSet.Create([new("writer", "after-crash")]), "value")], ids);
        Assert.True(ids[0] > created.Max(c => c.Id), $"new series got ID {ids[0]}, not above {created.Max(c => c.Id)}");
    }

    private async Task RunAndKill(string dbPath, string ackPath, SyncMode mode, int seed, string scenario, int killAfterMs)
    {
        string writer = Path.Combine(AppContext.BaseDirectory, "Chronicle.Storage.CrashWriter.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { writer, dbPath, ackPath, mode.ToString(), seed.ToString(CultureInfo.InvariantCulture), scenario }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string? first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (first != "ready")
        {
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"crash writer did not start (seed {seed}): {first} {await stderr}");
        }
        await Task.Delay(killAfterMs);
        if (!process.HasExited) process.Kill(entireProcessTree: true); // SIGKILL
        await process.WaitForExitAsync();
        string err = await stderr;
        if (scenario == "samples" && process.ExitCode != 137 && process.ExitCode != -1 && err.Length > 0 && !err.Contains("Killed"))
            output.WriteLine($"writer stderr (seed {seed}): {err}");
    }

    private static int Verify(string dbPath, string ackPath, string context)
    {
        var acks = File.ReadAllLines(ackPath).Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .Select(p => (Writer: int.Parse(p[1], CultureInfo.InvariantCulture), First: long.Parse(p[2], CultureInfo.InvariantCulture), Count: int.Parse(p[3], CultureInfo.InvariantCulture)))
            .ToList();
        using var engine = StorageEngine.Open(dbPath, new StorageOptions { FlushInterval = TimeSpan.Zero, BackgroundCompaction = false });
        using var view = engine.OpenReadView();
        foreach (var group in acks.GroupBy(a => a.Writer))
        {
            var series = view.MatchSeries("crash", [new TagMatcher("writer", TagMatchKind.In, ["w" + group.Key])]);
            Assert.True(series.Count == 1, $"{context}: writer {group.Key} has {series.Count} series");
            var found = new Dictionary<long, double>();
            foreach (var block in view.Read(series[0], long.MinValue, long.MaxValue))
                for (int i = 0; i < block.Count; i++) found[block.Timestamps[i]] = block.Doubles[i];
            foreach (var (writer, first, count) in group)
                for (long t = first; t < first + count; t++)
                {
                    Assert.True(found.TryGetValue(t, out double v), $"{context}: acknowledged sample writer {writer} t={t} is missing");
                    Assert.Equal(writer * 1_000_000.0 + t * 0.5, v);
                }
            // Nothing invented: every sample found has the value the writer would have written.
            foreach (var (t, v) in found) Assert.Equal(group.Key * 1_000_000.0 + t * 0.5, v);
        }
        return acks.Count;
    }

    private static int? SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("CHRONICLE_CRASH_SEED"), out int s) ? s : null;
}
