using Chronicle.Tsbs.Runner;

// The Chronicle TSBS cpu-only suite; see docs/benchmarks/tsbs.md and Options.Usage.
Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var suiteDirectory = FindSuiteDirectory();
if (suiteDirectory is null)
{
    Console.Error.WriteLine("Cannot find tests/Chronicle.Tsbs (with duckdb/ and postgres.sh): run from the repository or its build output.");
    return 2;
}

SuiteResult result;
try
{
    result = await SuiteRunner.RunAsync(options, suiteDirectory, CancellationToken.None);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

Console.WriteLine();
Console.WriteLine(ReportWriter.Table(result));
var verdict = ReportWriter.Verdict(result);
if (result.Mismatches.Count > 0)
{
    Console.Error.WriteLine(new string('!', 78));
    Console.Error.WriteLine(verdict);
    Console.Error.WriteLine(new string('!', 78));
}
else
{
    Console.WriteLine(verdict);
}

if (options.Out is not null)
{
    var outPath = Path.GetFullPath(options.Out);
    Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
    var chartPath = Path.ChangeExtension(outPath, ".svg");
    await File.WriteAllTextAsync(chartPath, SvgChart.Render(result));
    await File.WriteAllTextAsync(outPath, ReportWriter.Page(result, options, Path.GetFileName(chartPath)));
    Console.WriteLine($"Wrote {outPath} and {chartPath}");
}

Console.WriteLine($"Total {result.Elapsed.TotalSeconds:F1} s");
return result.Mismatches.Count == 0 ? 0 : 1;

// tests/Chronicle.Tsbs holds duckdb/ and postgres.sh; find it above the build output or the current directory.
static string? FindSuiteDirectory()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chronicle.Tsbs.csproj")))
            {
                return dir.FullName;
            }

            var nested = Path.Combine(dir.FullName, "tests", "Chronicle.Tsbs");
            if (File.Exists(Path.Combine(nested, "Chronicle.Tsbs.csproj")))
            {
                return nested;
            }
        }
    }

    return null;
}
