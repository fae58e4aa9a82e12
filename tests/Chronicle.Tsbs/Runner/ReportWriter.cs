using System.Globalization;
using System.Text;

namespace Chronicle.Tsbs.Runner;

/// <summary>
/// Formats a <see cref="SuiteResult"/>: the one results table (ingest samples/s, bytes on disk per
/// sample, peak memory, median latency per query; every engine's figure also as a ratio to the
/// reference engine's), the agreement verdict, and the full Markdown page.
/// </summary>
public static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The results table in Markdown. A ratio is the engine's figure divided by the reference's.</summary>
    public static string Table(SuiteResult result)
    {
        var runs = result.Runs;
        var reference = runs.First(r => r.Name == result.Reference);
        var text = new StringBuilder();
        text.Append("| Measure |");
        foreach (var run in runs)
        {
            text.Append(' ').Append(run.Name).Append(run.Name == result.Reference ? " (reference)" : string.Empty).Append(" |");
        }

        text.AppendLine().Append("|---|").AppendLine(string.Concat(runs.Select(_ => "---:|")));
        Row(text, "Ingest (samples/s, higher is better)", runs, reference,
            r => r.Load?.SamplesPerSecond, v => v.ToString("N0", Invariant));
        Row(text, "Bytes on disk per sample", runs, reference,
            r => r.Load is null ? null : (double)r.BytesOnDisk / r.Load.Samples, v => v.ToString("F2", Invariant));
        Row(text, "Peak memory (MiB)", runs, reference,
            r => r.PeakMemoryBytes / (1024.0 * 1024.0), v => v.ToString("N0", Invariant));
        foreach (var query in result.Queries)
        {
            var rows = reference.Results.TryGetValue(query.Name, out var answer) ? $" ({answer.Rows.Count} rows)" : string.Empty;
            Row(text, $"{query.Name}{rows}, median ms", runs, reference,
                r => r.MedianMs.TryGetValue(query.Name, out var ms) ? ms : null, FormatMs);
        }

        return text.ToString();
    }

    /// <summary>The agreement verdict: "all answers agree" or every mismatch, loudly.</summary>
    public static string Verdict(SuiteResult result)
    {
        var ran = result.Runs.Where(r => r.Skipped is null).Select(r => r.Name).ToList();
        if (result.Mismatches.Count == 0)
        {
            return $"All answers agree: {string.Join(", ", ran)} against {result.Reference}, {result.Queries.Count} queries, relative tolerance 1e-9.";
        }

        var text = new StringBuilder();
        text.AppendLine($"**MISMATCH: {result.Mismatches.Count} answer(s) disagree with {result.Reference} or failed.**");
        text.AppendLine();
        foreach (var mismatch in result.Mismatches)
        {
            text.AppendLine($"- {mismatch.Engine} / {mismatch.Query}:");
            foreach (var difference in mismatch.Differences)
            {
                text.AppendLine($"  - {difference}");
            }
        }

        return text.ToString();
    }

    /// <summary>The full Markdown page: facts, command, engines, table, verdict, chart, parameters, SQL.</summary>
    public static string Page(SuiteResult result, Options options, string? chartFileName)
    {
        var scale = result.Workload.Scale;
        var text = new StringBuilder();
        text.AppendLine($"# TSBS cpu-only, scale {scale.Name}");
        text.AppendLine();
        text.AppendLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {result.Elapsed.TotalMinutes:F1} min in all. How the suite works: [tsbs.md](tsbs.md).");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine($"dotnet run -c Release --project tests/Chronicle.Tsbs -- {options.CommandLine}");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine($"Data: {scale.Hosts} hosts x {scale.DurationNs / 3_600_000_000_000} h at 10 s = {scale.Rows:N0} rows, {scale.Samples:N0} samples (10 DOUBLE fields per row), seed {result.Workload.Seed}. Each query ran {options.Repeat} time(s); the table shows the median.");
        text.AppendLine();
        text.AppendLine("## Machine");
        text.AppendLine();
        text.AppendLine(MachineFacts.Describe());
        text.AppendLine();
        text.AppendLine("## Engines");
        text.AppendLine();
        foreach (var run in result.Runs)
        {
            text.AppendLine(run.Skipped is null
                ? $"- **{run.Name}**: {run.Description}. Peak memory: {run.PeakMemoryMethod}."
                : $"- **{run.Name}**: skipped ({run.Skipped}).");
        }

        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        text.AppendLine("Ratios in parentheses are the engine's figure divided by the reference engine's (for latency and bytes, above 1 means worse; for ingest, above 1 means better).");
        text.AppendLine();
        text.Append(Table(result));
        text.AppendLine();
        text.AppendLine(Verdict(result));
        text.AppendLine();
        if (chartFileName is not null)
        {
            text.AppendLine($"![Median query latency per engine, log scale]({chartFileName})");
            text.AppendLine();
        }

        text.AppendLine("## Query parameters");
        text.AppendLine();
        foreach (var query in result.Queries)
        {
            text.AppendLine($"- {query.Describe()}");
        }

        text.AppendLine();
        text.AppendLine("## SQL sent");
        foreach (var run in result.Runs.Where(r => r.Skipped is null))
        {
            text.AppendLine();
            text.AppendLine($"<details><summary>{run.Name}</summary>");
            text.AppendLine();
            text.AppendLine("```sql");
            foreach (var (name, sql) in run.Sql)
            {
                text.AppendLine($"-- {name}");
                text.AppendLine(sql + ";");
            }

            text.AppendLine("```");
            text.AppendLine();
            text.AppendLine("</details>");
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string label, IReadOnlyList<EngineRun> runs, EngineRun reference, Func<EngineRun, double?> measure, Func<double, string> format)
    {
        text.Append("| ").Append(label).Append(" |");
        var referenceValue = reference.Skipped is null ? measure(reference) : null;
        foreach (var run in runs)
        {
            var value = run.Skipped is null ? measure(run) : null;
            text.Append(' ');
            if (run.Skipped is not null)
            {
                text.Append(run.Failed ? "FAILED" : "skipped");
            }
            else if (value is null)
            {
                text.Append(run.Errors.Count > 0 && label.Contains("median", StringComparison.Ordinal) ? "failed" : "n/a");
            }
            else
            {
                text.Append(format(value.Value));
                if (run != reference && referenceValue is > 0)
                {
                    text.Append(" (x").Append(FormatRatio(value.Value / referenceValue.Value)).Append(')');
                }
            }

            text.Append(" |");
        }

        text.AppendLine();
    }

    private static string FormatMs(double ms) => ms switch
    {
        < 10 => ms.ToString("F2", Invariant),
        < 100 => ms.ToString("F1", Invariant),
        _ => ms.ToString("N0", Invariant),
    };

    private static string FormatRatio(double ratio) => ratio switch
    {
        < 0.1 => ratio.ToString("F3", Invariant),
        < 10 => ratio.ToString("F2", Invariant),
        _ => ratio.ToString("N0", Invariant),
    };
}
