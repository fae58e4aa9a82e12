using System.Globalization;
using Chronicle.Tsbs.Workload;

namespace Chronicle.Tsbs.Runner;

/// <summary>The runner's command line (see <see cref="Usage"/>).</summary>
public sealed class Options
{
    /// <summary>The help text.</summary>
    public const string Usage = """
        Chronicle TSBS cpu-only suite: load each engine, run the TSBS devops queries, compare the answers.

          dotnet run -c Release --project tests/Chronicle.Tsbs -- [options]

          --scale <name>        small | 100x12h | 1000x24h | <hosts>x<hours>h     (default 100x12h)
          --engines <a,b,...>   engines to run, in order                          (default sqlite,duckdb,postgres)
          --reference <name>    engine every ratio is relative to (default chronicle when listed, else the first)
          --repeat <n>          runs of each query; the report shows the median    (default 3)
          --seed <n>            seed of the data and the query parameters          (default 42)
          --out <file.md>       write the table as Markdown there, and an SVG chart beside it
          --work-dir <dir>      where engines put their files                      (default the temp dir)
          --keep                keep the engines' files afterwards
          --check               small scale, every available engine, 1 run; exit 1 on any disagreement
        Exit codes: 0 all answers agree, 1 some answers disagree or a query failed, 2 bad arguments.
        """;

    /// <summary>The data set size.</summary>
    public WorkloadScale Scale { get; private set; } = WorkloadScale.Medium;

    /// <summary>Engine names in run order; null means "every available engine" (check mode).</summary>
    public IReadOnlyList<string>? Engines { get; private set; } = ["sqlite", "duckdb", "postgres"];

    /// <summary>The reference engine's name, or null for the default rule.</summary>
    public string? Reference { get; private set; }

    /// <summary>Runs per query.</summary>
    public int Repeat { get; private set; } = 3;

    /// <summary>Seed for data and query parameters.</summary>
    public int Seed { get; private set; } = 42;

    /// <summary>Markdown output path, or null.</summary>
    public string? Out { get; private set; }

    /// <summary>Root of the engines' work directories.</summary>
    public string WorkDirectory { get; private set; } = Path.GetTempPath();

    /// <summary>Keep work directories.</summary>
    public bool Keep { get; private set; }

    /// <summary>Check mode.</summary>
    public bool Check { get; private set; }

    /// <summary>Whether <c>--engines</c> was given explicitly.</summary>
    public bool EnginesGiven { get; private set; }

    /// <summary>The command line as typed, for the report.</summary>
    public string CommandLine { get; private set; } = string.Empty;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a bad number; the message says which.</exception>
    public static Options Parse(string[] args)
    {
        var options = new Options { CommandLine = string.Join(' ', args) };
        var scaleGiven = false;
        var repeatGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            switch (args[i])
            {
                case "--scale": options.Scale = WorkloadScale.Parse(Value()); scaleGiven = true; break;
                case "--engines":
                    options.Engines = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    options.EnginesGiven = true;
                    break;
                case "--reference": options.Reference = Value(); break;
                case "--repeat": options.Repeat = PositiveInt("--repeat", Value()); repeatGiven = true; break;
                case "--seed": options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--out": options.Out = Value(); break;
                case "--work-dir": options.WorkDirectory = Value(); break;
                case "--keep": options.Keep = true; break;
                case "--check": options.Check = true; break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (options.Check)
        {
            if (!scaleGiven)
            {
                options.Scale = WorkloadScale.Small;
            }

            if (!repeatGiven)
            {
                options.Repeat = 1;
            }

            if (!options.EnginesGiven)
            {
                options.Engines = null;
            }
        }

        return options;
    }

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} needs a positive integer, not '{text}'.");
}
