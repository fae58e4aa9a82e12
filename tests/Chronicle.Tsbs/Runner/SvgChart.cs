using System.Globalization;
using System.Security;
using System.Text;

namespace Chronicle.Tsbs.Runner;

/// <summary>
/// Draws the median query latencies as an SVG grouped bar chart: one group per query, one bar per
/// engine, latency on a log10 axis (ms) with a gridline per power of ten. Hand-written SVG 1.1, no
/// scripts or external resources, so it renders on GitHub.
/// </summary>
public static class SvgChart
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The chart for <paramref name="result"/>; engines without a latency for a query leave a gap.</summary>
    public static string Render(SuiteResult result)
    {
        var runs = result.Runs.Where(r => r.Skipped is null).ToList();
        var queries = result.Queries.Select(q => q.Name).ToList();
        var values = runs.SelectMany(r => r.MedianMs.Values).Where(v => v > 0).DefaultIfEmpty(1).ToList();
        var lowDecade = (int)Math.Floor(Math.Log10(values.Min()));
        var highDecade = Math.Max(lowDecade + 1, (int)Math.Ceiling(Math.Log10(values.Max())));

        const double left = 70, top = 40, plotHeight = 300, groupWidth = 80, bottomLabels = 130;
        var plotWidth = groupWidth * queries.Count;
        var width = left + plotWidth + 20;
        var height = top + plotHeight + bottomLabels;
        double Y(double ms) => top + plotHeight - ((Math.Log10(ms) - lowDecade) / (highDecade - lowDecade) * plotHeight);

        var svg = new StringBuilder();
        svg.AppendLine(Invariant, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width:F0}" height="{height:F0}" viewBox="0 0 {width:F0} {height:F0}" font-family="sans-serif" font-size="11">""");
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine(Invariant, $"""<text x="{left:F0}" y="18" font-size="14" font-weight="bold">TSBS cpu-only {Escape(result.Workload.Scale.Name)}: median query latency (ms, log scale, lower is better)</text>""");
        for (var decade = lowDecade; decade <= highDecade; decade++)
        {
            var y = Y(Math.Pow(10, decade));
            svg.AppendLine(Invariant, $"""<line x1="{left:F0}" y1="{y:F1}" x2="{left + plotWidth:F0}" y2="{y:F1}" stroke="#ddd"/>""");
            svg.AppendLine(Invariant, $"""<text x="{left - 6:F0}" y="{y + 4:F1}" text-anchor="end">{Math.Pow(10, decade).ToString("G", Invariant)}</text>""");
        }

        svg.AppendLine(Invariant, $"""<line x1="{left:F0}" y1="{top:F0}" x2="{left:F0}" y2="{top + plotHeight:F0}" stroke="#333"/>""");
        var barWidth = (groupWidth - 16) / Math.Max(1, runs.Count);
        for (var q = 0; q < queries.Count; q++)
        {
            var groupX = left + (q * groupWidth) + 8;
            for (var e = 0; e < runs.Count; e++)
            {
                if (!runs[e].MedianMs.TryGetValue(queries[q], out var ms) || ms <= 0)
                {
                    continue;
                }

                var y = Math.Min(Y(ms), top + plotHeight - 1);
                var x = groupX + (e * barWidth);
                svg.AppendLine(Invariant, $"""<rect x="{x:F1}" y="{y:F1}" width="{barWidth - 1:F1}" height="{top + plotHeight - y:F1}" fill="{Palette[e % Palette.Length]}"><title>{Escape(runs[e].Name)} {Escape(queries[q])}: {ms:F2} ms</title></rect>""");
            }

            var labelX = groupX + ((groupWidth - 16) / 2);
            var labelY = top + plotHeight + 10;
            svg.AppendLine(Invariant, $"""<text x="{labelX:F1}" y="{labelY:F1}" text-anchor="end" transform="rotate(-45 {labelX:F1} {labelY:F1})">{Escape(queries[q])}</text>""");
        }

        for (var e = 0; e < runs.Count; e++)
        {
            var x = left + 10 + (e * 120);
            var y = height - 14;
            svg.AppendLine(Invariant, $"""<rect x="{x:F0}" y="{y - 10:F0}" width="12" height="12" fill="{Palette[e % Palette.Length]}"/>""");
            svg.AppendLine(Invariant, $"""<text x="{x + 16:F0}" y="{y:F0}">{Escape(runs[e].Name)}</text>""");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
