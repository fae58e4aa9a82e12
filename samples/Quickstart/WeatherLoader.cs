using Chronicle.Data;
using Dapper;

namespace Quickstart;

/// <summary>
/// Loads weather.csv (daily weather of Seattle and New York, 2012-2015) with Dapper: multi-row
/// INSERT statements of <see cref="RowsPerStatement"/> rows, all in one transaction.
/// </summary>
internal static class WeatherLoader
{
    private const int RowsPerStatement = 250;

    public static async Task<int> LoadAsync(ChronicleConnection connection, string path)
    {
        if (connection.Storage.GetTable("weather") is not null) return 0; // loaded by an earlier run
        await connection.ExecuteAsync(
            "CREATE TABLE weather (time TIMESTAMP, location TAG, precipitation DOUBLE, temp_max DOUBLE, temp_min DOUBLE, wind DOUBLE, weather VARCHAR)");

        int total = 0;
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var chunk in Csv.Read(path).Chunk(RowsPerStatement))
        {
            // INSERT INTO weather (...) VALUES (@t0, @l0, ...), (@t1, @l1, ...), ...
            var values = new List<string>(chunk.Length);
            var parameters = new DynamicParameters();
            for (int i = 0; i < chunk.Length; i++)
            {
                var (f, col) = chunk[i];
                values.Add($"(@t{i}, @l{i}, @p{i}, @hi{i}, @lo{i}, @w{i}, @s{i})");
                parameters.Add($"t{i}", Csv.Utc(f[col["date"]]));   // a date: 00:00 UTC
                parameters.Add($"l{i}", f[col["location"]]);
                parameters.Add($"p{i}", Csv.Number(f[col["precipitation"]]));
                parameters.Add($"hi{i}", Csv.Number(f[col["temp_max"]]));
                parameters.Add($"lo{i}", Csv.Number(f[col["temp_min"]]));
                parameters.Add($"w{i}", Csv.Number(f[col["wind"]]));
                parameters.Add($"s{i}", f[col["weather"]]);
            }
            total += await connection.ExecuteAsync(
                "INSERT INTO weather (time, location, precipitation, temp_max, temp_min, wind, weather) VALUES " + string.Join(", ", values),
                parameters, transaction);
        }
        await transaction.CommitAsync();
        return total;
    }
}
