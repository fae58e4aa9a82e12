using System.Globalization;
using Chronicle.Data;
using Dapper;

namespace Quickstart;

/// <summary>The questions the sample answers, each a query (or two) and a printed table.</summary>
internal static class Questions
{
    private sealed record DailyTemperature(DateTime Time, string Location, double? Temp_Max, double? Temp_Min);

    private sealed record Windiest(string Location, double Wind);

    private sealed record Day(DateTime Time, double Wind, double? Precipitation, string? Weather);

    private sealed record Hour(DateTime Time, double Temperature, double Pressure, double Wind);

    private sealed record LastDay(DateTime Time, string Location, double? Temp_Max, double? Temp_Min, string? Weather);

    private sealed record MonthTotal(DateTime Month, string Location, double? Total, long Days);

    /// <summary>
    /// Mean daily temperature ((max + min) / 2) per calendar month and city, over 2012-2015. SQL
    /// groups the days into calendar months (<c>time_bucket('1 month', time)</c>, UTC) and returns each
    /// month's sum and count of daily means; the four Januaries (and so on) are then combined here,
    /// weighted by their day counts, into one mean per month of the year.
    /// </summary>
    public static async Task MonthlyMeanTemperatureAsync(ChronicleConnection connection, TextWriter output)
    {
        var months = await connection.QueryAsync<MonthTotal>(
            "SELECT time_bucket('1 month', time) AS month, location, sum((temp_max + temp_min) / 2) AS total, count((temp_max + temp_min) / 2) AS days " +
            "FROM weather GROUP BY month, location ORDER BY month, location");
        var byCityMonth = months
            .Where(m => m.Days > 0)
            .GroupBy(m => (m.Location, m.Month.Month))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Total!.Value) / g.Sum(m => m.Days));
        var cities = byCityMonth.Keys.Select(k => k.Location).Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = Enumerable.Range(1, 12).Select(m =>
            new object?[] { CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(m) }
                .Concat(cities.Select(c => (object?)byCityMonth.GetValueOrDefault((c, m)))).ToArray());
        TablePrinter.Print(output, "Monthly mean temperature (°C), 2012-2015 (calendar months: time_bucket('1 month', time))", ["month", .. cities], rows);
    }

    /// <summary>The day with the strongest mean wind in each city: max(wind) per location in SQL, then that day's row.</summary>
    public static async Task WindiestDayAsync(ChronicleConnection connection, TextWriter output)
    {
        var rows = new List<object?[]>();
        foreach (var w in await connection.QueryAsync<Windiest>("SELECT location, max(wind) AS wind FROM weather GROUP BY location ORDER BY location"))
        {
            var day = await connection.QueryFirstAsync<Day>(
                "SELECT time, wind, precipitation, weather FROM weather WHERE location = @location AND wind = @wind ORDER BY time LIMIT 1",
                new { location = w.Location, wind = w.Wind });
            rows.Add([w.Location, day.Time, day.Wind, day.Precipitation, day.Weather]);
        }
        TablePrinter.Print(output, "Windiest day per city (wind in m/s, precipitation in mm)", ["city", "date", "wind", "precipitation", "weather"], rows);
    }

    /// <summary>The 24 hourly normals of one day in Seattle, with a bar per hour.</summary>
    public static async Task HourlyProfileAsync(ChronicleConnection connection, TextWriter output, DateTime day)
    {
        var hours = (await connection.QueryAsync<Hour>(
            "SELECT time, temperature, pressure, wind FROM seattle_hourly WHERE time >= @from AND time < @to ORDER BY time",
            new { from = day, to = day.AddDays(1) })).ToList();
        double min = hours.Count > 0 ? Math.Floor(hours.Min(h => h.Temperature)) - 1 : 0;
        var rows = hours.Select(h => new object?[]
        {
            h.Time.ToString("HH:mm", CultureInfo.InvariantCulture), h.Temperature, h.Pressure, h.Wind,
            new string('#', (int)Math.Round((h.Temperature - min) * 2)),
        });
        TablePrinter.Print(output, $"Hourly temperature profile, Seattle, {day:yyyy-MM-dd} (normals, °C)", ["hour", "temperature", "pressure", "wind", ""], rows);
    }

    /// <summary>The most recent row of each city, and of the hourly table.</summary>
    public static async Task LastReadingAsync(ChronicleConnection connection, TextWriter output)
    {
        var rows = new List<object?[]>();
        foreach (var city in await connection.QueryAsync<string>("SELECT DISTINCT location FROM weather ORDER BY location"))
        {
            var last = await connection.QueryFirstAsync<LastDay>(
                "SELECT time, location, temp_max, temp_min, weather FROM weather WHERE location = @city ORDER BY time DESC LIMIT 1", new { city });
            rows.Add(["weather", last.Location, last.Time, string.Create(CultureInfo.InvariantCulture, $"temp_max {last.Temp_Max:0.0}, temp_min {last.Temp_Min:0.0}, {last.Weather}")]);
        }
        var hour = await connection.QueryFirstAsync<Hour>("SELECT time, temperature, pressure, wind FROM seattle_hourly ORDER BY time DESC LIMIT 1");
        rows.Add(["seattle_hourly", "Seattle", hour.Time, string.Create(CultureInfo.InvariantCulture, $"temperature {hour.Temperature:0.0}, pressure {hour.Pressure:0.0}, wind {hour.Wind:0.0}")]);
        TablePrinter.Print(output, "Last reading", ["table", "city", "time", "values"], rows);
    }
}
