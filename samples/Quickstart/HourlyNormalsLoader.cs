using Chronicle.Data;
using Dapper;

namespace Quickstart;

/// <summary>
/// Loads seattle-weather-hourly-normals.csv (hourly 1981-2010 normals laid on 2010; timestamps
/// without zone, taken as UTC) with the bulk inserter: StartRow / Write per column / Complete.
/// </summary>
internal static class HourlyNormalsLoader
{
    public static async Task<ulong> LoadAsync(ChronicleConnection connection, string path)
    {
        if (connection.Storage.GetTable("seattle_hourly") is not null) return 0; // loaded by an earlier run
        await connection.ExecuteAsync("CREATE TABLE seattle_hourly (time TIMESTAMP, pressure DOUBLE, temperature DOUBLE, wind DOUBLE)");

        await using var bulk = connection.BeginBulkInsert("seattle_hourly", "time", "pressure", "temperature", "wind");
        foreach (var (f, col) in Csv.Read(path))
        {
            bulk.StartRow();
            bulk.Write(Csv.Utc(f[col["date"]]));
            WriteNumber(bulk, f[col["pressure"]]);
            WriteNumber(bulk, f[col["temperature"]]);
            WriteNumber(bulk, f[col["wind"]]);
        }
        return await bulk.CompleteAsync();
    }

    private static void WriteNumber(ChronicleBulkInserter bulk, string field)
    {
        if (Csv.Number(field) is { } value) bulk.Write(value);
        else bulk.WriteNull();
    }
}
