using System.Globalization;

namespace Chronicle.Benchmarks.Encoding;

/// <summary>One series of samples: timestamps in nanoseconds and value words (DOUBLE bits).</summary>
public sealed record SeriesData(string Name, long[] Timestamps, long[] Values);

/// <summary>
/// The data sets the chunk encodings are measured on. Shared by the benchmarks and by the
/// bytes-per-sample test in Chronicle.Storage.Tests (linked there).
/// </summary>
public static class EncodingDataSets
{
    /// <summary>2016-01-01T00:00:00Z in nanoseconds, the TSBS default start.</summary>
    public const long TsbsStart = 1_451_606_400_000_000_000;

    /// <summary>10 seconds in nanoseconds.</summary>
    public const long TenSeconds = 10_000_000_000;

    /// <summary>
    /// TSBS-like data: <paramref name="hosts"/> hosts x <paramref name="fields"/> fields, every 10 s for
    /// <paramref name="hours"/> hours from <see cref="TsbsStart"/>, each a full-precision random walk with
    /// standard-normal steps clamped to [0, 100] (TSBS's cpu-only generator), started uniformly in [0, 100].
    /// </summary>
    public static List<SeriesData> TsbsLike(int hosts = 100, int fields = 10, int hours = 12, int seed = 1)
    {
        var random = new Random(seed);
        int samples = hours * 360;
        var series = new List<SeriesData>(hosts * fields);
        for (int h = 0; h < hosts; h++)
        {
            for (int f = 0; f < fields; f++)
            {
                var timestamps = new long[samples];
                var values = new long[samples];
                double value = random.NextDouble() * 100;
                for (int i = 0; i < samples; i++)
                {
                    timestamps[i] = TsbsStart + i * TenSeconds;
                    value = Math.Clamp(value + NextGaussian(random), 0, 100);
                    values[i] = BitConverter.DoubleToInt64Bits(value);
                }

                series.Add(new SeriesData($"host_{h}.usage_{f}", timestamps, values));
            }
        }

        return series;
    }

    /// <summary>
    /// A random walk of <paramref name="samples"/> DOUBLE samples every 10 s; with
    /// <paramref name="decimals"/> &gt;= 0 each value is rounded to that many decimals (as sensors report).
    /// </summary>
    public static SeriesData RandomWalk(int samples, int decimals, int seed)
    {
        var random = new Random(seed);
        var timestamps = new long[samples];
        var values = new long[samples];
        double value = 50 + random.NextDouble() * 50;
        for (int i = 0; i < samples; i++)
        {
            timestamps[i] = TsbsStart + i * TenSeconds;
            value += NextGaussian(random);
            double stored = decimals >= 0 ? Math.Round(value, decimals) : value;
            values[i] = BitConverter.DoubleToInt64Bits(stored);
        }

        return new SeriesData(decimals >= 0 ? $"walk-{decimals}dp" : "walk-full", timestamps, values);
    }

    /// <summary>
    /// samples/data/seattle-weather-hourly-normals.csv as three DOUBLE series (pressure, temperature,
    /// wind); the hourly dates have no zone and are read as UTC.
    /// </summary>
    /// <param name="path">Path to the CSV file.</param>
    public static List<SeriesData> SeattleHourly(string path)
    {
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToArray();
        var timestamps = new long[lines.Length];
        var columns = new long[3][];
        for (int c = 0; c < 3; c++)
        {
            columns[c] = new long[lines.Length];
        }

        for (int i = 0; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(',');
            var date = DateTime.SpecifyKind(DateTime.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.None), DateTimeKind.Utc);
            timestamps[i] = (date - DateTime.UnixEpoch).Ticks * 100;
            for (int c = 0; c < 3; c++)
            {
                columns[c][i] = BitConverter.DoubleToInt64Bits(double.Parse(parts[c + 1], CultureInfo.InvariantCulture));
            }
        }

        return
        [
            new SeriesData("pressure", timestamps, columns[0]),
            new SeriesData("temperature", timestamps, columns[1]),
            new SeriesData("wind", timestamps, columns[2]),
        ];
    }

    /// <summary>Finds samples/data/<paramref name="file"/> by walking up from the current directory to the repository root.</summary>
    /// <exception cref="FileNotFoundException">No enclosing directory has it.</exception>
    public static string FindSampleData(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "data", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"samples/data/{file} not found above {AppContext.BaseDirectory}.");
    }

    private static double NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
