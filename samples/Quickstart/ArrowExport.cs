using Chronicle.Data;

namespace Quickstart;

/// <summary>Exports a query result to an Apache Arrow file that pandas, Polars, DuckDB or Arrow JS can open.</summary>
public static class ArrowExport
{
    /// <summary>The query exported: calendar-month means (<c>SAMPLE BY 1mo</c>, UTC) of the daily highs and lows per city (tag <c>location</c> becomes a dictionary column).</summary>
    public const string MonthlyMeansSql =
        "SELECT time, location, avg(temp_max) AS temp_max, avg(temp_min) AS temp_min FROM weather GROUP BY location SAMPLE BY 1mo ORDER BY time, location";

    /// <summary>Writes <see cref="MonthlyMeansSql"/>'s rows to <paramref name="path"/> in the Arrow IPC file format, prints the path and row count, and returns the rows.</summary>
    public static async Task<long> MonthlyMeansAsync(ChronicleConnection connection, string path, TextWriter output)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = MonthlyMeansSql;
        long rows;
        await using (var file = File.Create(path))
            rows = await command.ExecuteArrowAsync(file, ArrowFormat.File);
        output.WriteLine("== Arrow export");
        output.WriteLine($"Wrote {rows:N0} rows of monthly means per city to {path} (Arrow IPC file; e.g. pyarrow.feather.read_table).");
        output.WriteLine();
        return rows;
    }
}
