using Chronicle.Storage.Catalog;
using Chronicle.Storage.Writing;

namespace Chronicle.Storage.Tests.Engine;

/// <summary>A small `cpu` table (host, region tags; usage DOUBLE, count BIGINT, up BOOLEAN, note VARCHAR) and helpers.</summary>
internal static class EngineTestData
{
    public static TableSchema Cpu(TimeSpan? shard = null) => new("cpu",
    [
        new ColumnSchema("time", ColumnRole.Time, FieldType.BigInt),
        new ColumnSchema("host", ColumnRole.Tag, FieldType.VarChar),
        new ColumnSchema("region", ColumnRole.Tag, FieldType.VarChar),
        new ColumnSchema("usage", ColumnRole.Field, FieldType.Double),
        new ColumnSchema("count", ColumnRole.Field, FieldType.BigInt),
        new ColumnSchema("up", ColumnRole.Field, FieldType.Boolean),
        new ColumnSchema("note", ColumnRole.Field, FieldType.VarChar),
    ], shardDuration: shard);

    public static long Series(StorageEngine engine, string host, string field)
    {
        var key = new SeriesKey("cpu", TagSet.Create([new("host", host), new("region", "eu")]), field);
        var ids = new long[1];
        engine.GetOrCreateSeries([key], ids);
        return ids[0];
    }

    /// <summary>All samples of a series over all time, as (timestamp, value) pairs.</summary>
    public static List<(long T, object V)> ReadAll(StorageEngine engine, long id, long min = long.MinValue, long max = long.MaxValue)
    {
        using var view = engine.OpenReadView();
        var result = new List<(long, object)>();
        foreach (var block in view.Read(id, min, max))
            for (int i = 0; i < block.Count; i++) result.Add((block.Timestamps[i], block.GetValue(i)));
        return result;
    }

    public static async Task WriteDoubles(StorageEngine engine, long id, IEnumerable<(long T, double V)> samples)
    {
        var batch = new SampleBatch();
        foreach (var (t, v) in samples) batch.Append(id, t, v);
        await engine.WriteAsync(batch);
    }
}
