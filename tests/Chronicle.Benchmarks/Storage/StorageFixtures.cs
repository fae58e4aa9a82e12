using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;

namespace Chronicle.Benchmarks.Storage;

/// <summary>
/// Shared set-up of the storage engine benchmarks and the storage report: a TSBS cpu-like table
/// (tag <c>hostname</c>, fields <c>usage_0</c> .. <c>usage_9</c>), its series, and columnar batches.
/// </summary>
public static class StorageFixtures
{
    /// <summary>2016-01-01T00:00:00Z in nanoseconds, the TSBS default start.</summary>
    public const long Start = 1_451_606_400_000_000_000;

    /// <summary>10 seconds in nanoseconds.</summary>
    public const long TenSeconds = 10_000_000_000;

    /// <summary>A fresh temporary directory path (not created).</summary>
    public static string TempDirectory(string what) =>
        Path.Combine(Path.GetTempPath(), $"chronicle-{what}-{Guid.NewGuid():N}");

    /// <summary>Deletes a directory tree, ignoring errors.</summary>
    public static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Copies a database directory (without its LOCK file), also while the engine has it open: a crash image.</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            if (Path.GetFileName(file) == "LOCK") continue;
            using var src = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var dst = File.Create(Path.Combine(to, Path.GetFileName(file)));
            src.CopyTo(dst);
        }
        foreach (var sub in Directory.GetDirectories(from)) CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
    }

    /// <summary>The cpu table: one tag, <paramref name="fields"/> DOUBLE fields, optional shard width.</summary>
    public static TableSchema CpuTable(int fields = 10, TimeSpan? shard = null, string name = "cpu")
    {
        var columns = new List<ColumnSchema> { new("time", ColumnRole.Time, FieldType.Double), new("hostname", ColumnRole.Tag, FieldType.VarChar) };
        for (int f = 0; f < fields; f++) columns.Add(new ColumnSchema($"usage_{f}", ColumnRole.Field, FieldType.Double));
        return new TableSchema(name, columns, shardDuration: shard);
    }

    /// <summary>Creates the cpu table and its <paramref name="hosts"/> x <paramref name="fields"/> series; returns the IDs, host-major.</summary>
    public static long[] CreateCpuSeries(StorageEngine engine, int hosts, int fields = 10, TimeSpan? shard = null)
    {
        engine.CreateTable(CpuTable(fields, shard), ifNotExists: true);
        var keys = new SeriesKey[hosts * fields];
        for (int h = 0; h < hosts; h++)
        {
            var tags = TagSet.Create([new("hostname", $"host_{h}")]);
            for (int f = 0; f < fields; f++) keys[h * fields + f] = new SeriesKey("cpu", tags, $"usage_{f}");
        }
        var ids = new long[keys.Length];
        engine.GetOrCreateSeries(keys, ids);
        return ids;
    }

    /// <summary>
    /// Columnar batches: batch b holds, for every series, <paramref name="perSeries"/> samples at 10 s
    /// steps continuing where batch b-1 stopped; values are a smooth full-precision signal.
    /// </summary>
    public static SampleBatch[] ColumnarBatches(long[] ids, int batches, int perSeries)
    {
        var result = new SampleBatch[batches];
        var ts = new long[perSeries];
        var values = new double[perSeries];
        for (int b = 0; b < batches; b++)
        {
            var batch = new SampleBatch();
            for (int s = 0; s < ids.Length; s++)
            {
                for (int i = 0; i < perSeries; i++)
                {
                    long k = (long)b * perSeries + i;
                    ts[i] = Start + k * TenSeconds;
                    values[i] = 50 + 40 * Math.Sin(s + k * 0.01);
                }
                batch.AppendRange(ids[s], ts, values);
            }
            result[b] = batch;
        }
        return result;
    }
}
