using System.Globalization;
using System.Text.RegularExpressions;

namespace Chronicle.Data.Tests;

/// <summary>Runs the sample's entry point (the Quickstart project is referenced) and checks what it prints.</summary>
public class QuickstartTests
{
    [Fact]
    public async Task The_sample_prints_every_section_with_plausible_numbers()
    {
        using var db = new TempDatabase();
        var output = new StringWriter();
        await Quickstart.QuickstartApp.RunAsync(db.Directory, output);
        var text = output.ToString();
        Console.WriteLine(text);

        Assert.Contains("Loaded 2,922 daily rows into 'weather'", text);
        Assert.Contains("Loaded 8,759 hourly rows into 'seattle_hourly'", text);
        foreach (var section in new[] { "== Monthly mean temperature", "== Windiest day per city", "== Hourly temperature profile, Seattle, 2010-07-15", "== Last reading" })
            Assert.Contains(section, text);

        // Monthly means: July is warm in both cities, January cold, New York's summer warmer than Seattle's.
        var jul = Numbers(Line(text, "Jul "));
        var jan = Numbers(Line(text, "Jan "));
        Assert.Equal(2, jul.Length);
        Assert.All(jul, t => Assert.InRange(t, 15, 30));
        Assert.All(jan, t => Assert.InRange(t, -5, 10));
        Assert.True(jul[0] > jul[1], "New York (first column) should be warmer than Seattle in July");

        // Windiest days: a real date and a strong wind (m/s).
        var ny = Line(text, "New York  20");
        Assert.Matches(@"New York\s+\d{4}-\d{2}-\d{2}\s+1\d\.\d", ny);

        // The July day has 24 hours; the afternoon is warmer than the early morning.
        var hours = Regex.Matches(text, @"^(\d{2}):00\s+(\d+\.\d)", RegexOptions.Multiline);
        Assert.Equal(24, hours.Count);
        double at5 = double.Parse(hours[5].Groups[2].Value, CultureInfo.InvariantCulture);
        double at15 = double.Parse(hours[15].Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(at15 > at5 + 3, $"15:00 ({at15}) should be warmer than 05:00 ({at5})");

        // The last readings are the data sets' last days.
        Assert.Contains("2015-12-31", Line(text, "weather         Seattle"));
        Assert.Contains("2010-12-31 23:00", Line(text, "seattle_hourly"));

        // The Arrow export: the file it names is readable by our reader and holds the rows it reports.
        var export = Regex.Match(text, @"Wrote ([\d,]+) rows of monthly means per city to (\S+\.arrow)");
        Assert.True(export.Success, "no Arrow export line");
        long rows = long.Parse(export.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        using var file = new Chronicle.Arrow.ArrowFileReader(File.ReadAllBytes(export.Groups[2].Value));
        Assert.Equal(["time", "location", "temp_max", "temp_min"], file.Schema.Fields.Select(f => f.Name));
        Assert.True(file.Schema.Fields[1].IsDictionaryEncoded);
        var batches = file.ReadAllBatches().ToList();
        Assert.Equal(rows, batches.Sum(b => (long)b.Length));
        Assert.Equal(2 * 48, rows); // 4 years of calendar months, two cities
        var locations = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => b.Column("location").GetString(i))).Distinct().Order();
        Assert.Equal(["New York", "Seattle"], locations);
    }

    [Fact]
    public async Task A_second_run_on_the_same_directory_reuses_the_data()
    {
        using var db = new TempDatabase();
        await Quickstart.QuickstartApp.RunAsync(db.Directory, new StringWriter());
        var second = new StringWriter();
        await Quickstart.QuickstartApp.RunAsync(db.Directory, second);
        Assert.Contains("Table 'weather' exists already", second.ToString());
        Assert.Contains("2015-12-31", Line(second.ToString(), "weather         Seattle"));
    }

    private static string Line(string text, string start) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? throw new Xunit.Sdk.XunitException($"no line starting with '{start}'");

    private static double[] Numbers(string line) =>
        Regex.Matches(line, @"-?\d+\.\d").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
}
