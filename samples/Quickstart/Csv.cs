using System.Globalization;

namespace Quickstart;

/// <summary>Reads the sample CSV files: a header line, then comma-separated fields without quoting.</summary>
internal static class Csv
{
    /// <summary>The data lines of <paramref name="path"/>, split into fields, with the header's column index.</summary>
    public static IEnumerable<(string[] Fields, Dictionary<string, int> Columns)> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path} is empty");
        var columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return (line.Split(','), columns);
    }

    /// <summary>A number, or null for an empty field.</summary>
    public static double? Number(string field) =>
        field.Length == 0 ? null : double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A date or date-time without zone, taken as UTC (the data sets' convention).</summary>
    public static DateTime Utc(string field) =>
        DateTime.Parse(field, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
