using System.Diagnostics;
using Chronicle.Tsbs.Engines;
using Chronicle.Tsbs.Queries;
using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Runner;

/// <summary>One disagreement between an engine and the reference on one query.</summary>
/// <param name="Engine">The engine that disagrees.</param>
/// <param name="Query">The TSBS query name.</param>
/// <param name="Differences">What differs (first few differences).</param>
public sealed record Mismatch(string Engine, string Query, IReadOnlyList<string> Differences);

/// <summary>The outcome of a suite run.</summary>
/// <param name="Workload">The data set.</param>
/// <param name="Queries">The queries with their drawn parameters.</param>
/// <param name="Runs">One record per requested engine, in order (skipped ones included).</param>
/// <param name="Reference">The reference engine's name.</param>
/// <param name="Mismatches">Every disagreement and every failed query.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record SuiteResult(CpuWorkload Workload, IReadOnlyList<TsbsQuery> Queries, IReadOnlyList<EngineRun> Runs, string Reference, IReadOnlyList<Mismatch> Mismatches, TimeSpan Elapsed);

/// <summary>
/// Runs the suite: for each engine in turn, create it, load the workload, run every query
/// <see cref="Options.Repeat"/> times (keeping the median latency and the first answer), read its disk
/// and memory figures, dispose it and delete its files. Then compares every engine's answers with
/// the reference engine's (<see cref="ResultComparer"/>).
/// </summary>
public static class SuiteRunner
{
    /// <summary>Runs the suite described by <paramref name="options"/>, logging progress to stderr.</summary>
    /// <exception cref="ArgumentException">An unknown engine name or reference.</exception>
    public static async Task<SuiteResult> RunAsync(Options options, string suiteDirectory, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        Log($"load average at start: {MachineFacts.LoadAtStart}");
        var workload = new CpuWorkload(options.Scale, options.Seed);
        var queries = QueryGenerator.Generate(workload, options.Seed);
        var entries = options.Engines?.Select(EngineRegistry.Find).ToList() ?? EngineRegistry.All.ToList();
        var reference = options.Reference
            ?? (entries.Any(e => e.Name == "chronicle") ? "chronicle" : entries[0].Name);
        if (entries.All(e => e.Name != reference))
        {
            throw new ArgumentException($"Reference engine '{reference}' is not among the engines run ({string.Join(", ", entries.Select(e => e.Name))}).");
        }

        Log($"scale {workload.Scale.Name}: {workload.Scale.Hosts} hosts, {workload.Scale.Rows:N0} rows, {workload.Scale.Samples:N0} samples; seed {options.Seed}");
        foreach (var query in queries)
        {
            Log("  " + query.Describe());
        }

        var selfCheckFailures = new List<Mismatch>();
        if (options.Check)
        {
            var failures = SelfCheck.Run(workload.Scale, options.Seed);
            Log(failures.Count == 0 ? "self-check: generator and comparer OK" : "self-check FAILED: " + string.Join("; ", failures));
            if (failures.Count > 0)
            {
                selfCheckFailures.Add(new Mismatch("suite", "self-check", failures));
            }
        }

        var runs = new List<EngineRun>();
        foreach (var entry in entries)
        {
            runs.Add(await RunEngineAsync(entry, workload, queries, options, suiteDirectory, cancellationToken));
        }

        if (runs.First(r => r.Name == reference).Skipped is not null && runs.Any(r => r.Skipped is null))
        {
            var fallback = runs.First(r => r.Skipped is null).Name;
            Log($"reference {reference} did not run; comparing against {fallback} instead");
            reference = fallback;
        }

        var mismatches = selfCheckFailures.Concat(Compare(runs, queries, reference)).ToList();
        return new SuiteResult(workload, queries, runs, reference, mismatches, total.Elapsed);
    }

    private static async Task<EngineRun> RunEngineAsync(EngineRegistry.Entry entry, CpuWorkload workload, IReadOnlyList<TsbsQuery> queries, Options options, string suiteDirectory, CancellationToken cancellationToken)
    {
        var run = new EngineRun(entry.Name);
        var directory = Path.Combine(options.WorkDirectory, $"chronicle-tsbs-{entry.Name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var context = new EngineContext(directory, suiteDirectory, Log);
        var unavailable = entry.UnavailableReason(context);
        if (unavailable is not null)
        {
            run.Skipped = unavailable;
            Log($"{entry.Name}: SKIPPED: {unavailable}");
            Directory.Delete(directory, recursive: true);
            return run;
        }

        IEngine? engine = null;
        try
        {
            engine = entry.Create(context);
            Log($"{entry.Name}: loading");
            run.Load = await engine.LoadAsync(workload, cancellationToken);
            run.Description = engine.Description;
            Log($"{entry.Name}: {run.Load.SamplesPerSecond:N0} samples/s");
            foreach (var query in queries)
            {
                run.Sql[query.Name] = engine.SqlFor(query);
                try
                {
                    var times = new List<double>();
                    var wallTimes = new List<double>();
                    // Collect before each query, untimed: the runner keeps every query's answer
                    // (high-cpu-all's is ~49,000 rows), and otherwise the next collection, which
                    // promotes them, lands in whichever later query's runs it happens to (8-10 ms
                    // in lastpoint or groupby-orderby-limit at 100x12h).
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    for (var r = 0; r < options.Repeat; r++)
                    {
                        var stopwatch = Stopwatch.StartNew();
                        var result = await engine.RunAsync(query, cancellationToken);
                        var wall = stopwatch.Elapsed.TotalMilliseconds;
                        wallTimes.Add(wall);
                        times.Add(result.EngineElapsed?.TotalMilliseconds ?? wall);
                        run.Results.TryAdd(query.Name, result);
                    }

                    run.MedianMs[query.Name] = Median(times);
                    var wallNote = run.Results[query.Name].EngineElapsed is null ? string.Empty : $" (wall with transport {Median(wallTimes):F2} ms)";
                    Log($"{entry.Name}: {query.Name,-24} {run.MedianMs[query.Name],10:F2} ms  {run.Results[query.Name].Rows.Count} rows{wallNote}");
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    run.Errors[query.Name] = error.Message;
                    Log($"{entry.Name}: {query.Name} FAILED: {error.Message}");
                }
            }

            run.BytesOnDisk = engine.BytesOnDisk;
            run.PeakMemoryBytes = engine.PeakMemoryBytes;
            run.PeakMemoryMethod = engine.PeakMemoryMethod;
        }
        catch (Exception error) when (error is not OperationCanceledException && run.Load is null)
        {
            run.Skipped = "FAILED to start or load: " + error.Message;
            run.Failed = true;
            Log($"{entry.Name}: FAILED: {error}");
        }
        finally
        {
            if (engine is not null)
            {
                try
                {
                    await engine.DisposeAsync();
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    Log($"{entry.Name}: dispose failed: {error.Message}");
                }
            }

            if (!options.Keep)
            {
                TryDelete(directory);
            }
        }

        return run;
    }

    private static List<Mismatch> Compare(IReadOnlyList<EngineRun> runs, IReadOnlyList<TsbsQuery> queries, string referenceName)
    {
        var mismatches = runs.Where(r => r.Failed).Select(r => new Mismatch(r.Name, "load", [r.Skipped!])).ToList();
        if (runs.All(r => r.Skipped is not null))
        {
            mismatches.Add(new Mismatch("suite", "engines", ["no engine ran"]));
            return mismatches;
        }

        var reference = runs.First(r => r.Name == referenceName);
        foreach (var run in runs.Where(r => r.Skipped is null))
        {
            foreach (var query in queries)
            {
                if (run.Errors.TryGetValue(query.Name, out var error))
                {
                    mismatches.Add(new Mismatch(run.Name, query.Name, ["query failed: " + error]));
                    continue;
                }

                if (run == reference || !reference.Results.TryGetValue(query.Name, out var expected))
                {
                    continue;
                }

                var differences = ResultComparer.Compare(expected, run.Results[query.Name]);
                if (differences.Count > 0)
                {
                    mismatches.Add(new Mismatch(run.Name, query.Name, differences));
                }
            }
        }

        return mismatches;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException error)
        {
            Log($"could not delete {directory}: {error.Message}");
        }
    }

    /// <summary>Writes a progress line to stderr with a UTC time stamp.</summary>
    public static void Log(string message) =>
        Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
