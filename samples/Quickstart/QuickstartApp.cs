using System.Diagnostics;
using Chronicle.Data;

namespace Quickstart;

/// <summary>The whole sample: open, load, ask. Public so the test suite can run it.</summary>
public static class QuickstartApp
{
    /// <summary>The folder holding the CSV files (copied next to the program by the project file).</summary>
    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Creates (or reopens) the database in <paramref name="directory"/>, loads the data when the tables are new, and prints the answers to <paramref name="output"/>.</summary>
    public static async Task RunAsync(string directory, TextWriter output)
    {
        output.WriteLine($"Chronicle quickstart — database in {directory}");
        output.WriteLine();

        // One data source per database: the engine is opened once; connections are cheap sessions.
        await using var dataSource = ChronicleDataSource.Create(new ChronicleConnectionStringBuilder
        {
            DataSource = directory,
            SyncMode = Chronicle.Storage.SyncMode.None, // a bulk load: let the OS decide when to fsync
        }.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();

        var clock = Stopwatch.StartNew();
        int daily = await WeatherLoader.LoadAsync(connection, Path.Combine(DataDirectory, "weather.csv"));
        output.WriteLine(daily > 0
            ? $"Loaded {daily:N0} daily rows into 'weather' with Dapper multi-row INSERTs ({clock.ElapsedMilliseconds} ms)."
            : "Table 'weather' exists already (loaded by an earlier run).");
        clock.Restart();
        ulong hourly = await HourlyNormalsLoader.LoadAsync(connection, Path.Combine(DataDirectory, "seattle-weather-hourly-normals.csv"));
        output.WriteLine(hourly > 0
            ? $"Loaded {hourly:N0} hourly rows into 'seattle_hourly' with the bulk inserter ({clock.ElapsedMilliseconds} ms)."
            : "Table 'seattle_hourly' exists already (loaded by an earlier run).");
        output.WriteLine();

        await Questions.MonthlyMeanTemperatureAsync(connection, output);
        await Questions.WindiestDayAsync(connection, output);
        await Questions.HourlyProfileAsync(connection, output, new DateTime(2010, 7, 15, 0, 0, 0, DateTimeKind.Utc));
        await Questions.LastReadingAsync(connection, output);
        await ArrowExport.MonthlyMeansAsync(connection, Path.Combine(directory, "monthly-means.arrow"), output);
    }
}
