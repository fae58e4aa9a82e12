using System.Globalization;

namespace Quickstart;

/// <summary>Prints rows as an aligned text table: text left-aligned, numbers right-aligned.</summary>
internal static class TablePrinter
{
    public static void Print(TextWriter output, string title, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var cells = rows.Select(r => r.Select(Format).ToArray()).ToList();
        var numeric = headers.Select((_, i) => cells.Count > 0 && cells.All(r => IsNumber(r[i]))).ToArray();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();

        output.WriteLine($"== {title} ==");
        output.WriteLine(Line(headers.ToArray()));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in cells) output.WriteLine(Line(r));
        output.WriteLine();

        string Line(string[] values) =>
            string.Join("  ", values.Select((v, i) => numeric[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd();
    }

    private static bool IsNumber(string s) => s.Length > 0 && (char.IsDigit(s[^1]) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

    private static string Format(object? value) => value switch
    {
        null or DBNull => "",
        double d => d.ToString("0.0", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
