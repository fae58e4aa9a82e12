using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests.CrossCheck;

/// <summary>A Chronicle-shaped export: timestamp, a dictionary-encoded tag and three doubles.</summary>
internal static class ExportFixture
{
    public static ArrowSchema Schema { get; } = new(
        new ArrowField("time", ArrowType.Timestamp(TimeUnit.Nanosecond, "UTC"), nullable: false),
        ArrowField.DictionaryUtf8("host", 0, nullable: false),
        new ArrowField("cpu", ArrowType.Float64),
        new ArrowField("mem", ArrowType.Float64),
        new ArrowField("load", ArrowType.Float64));

    /// <summary>1,000,000 rows in batches of 65,536 (the last shorter); every 97th load is null.</summary>
    public static (ArrowSchema Schema, ArrowRecordBatch[] Batches) MillionRows(int rows = 1_000_000, int batchSize = 65_536)
    {
        var hosts = new ArrowDictionaryBuilder();
        var random = new Random(42);
        var batches = new List<ArrowRecordBatch>();
        for (int start = 0; start < rows; start += batchSize)
        {
            int n = Math.Min(batchSize, rows - start);
            var time = new long[n];
            var host = new string?[n];
            var cpu = new double[n];
            var mem = new double[n];
            var load = new double[n];
            var loadValid = new bool[n];
            for (int i = 0; i < n; i++)
            {
                int row = start + i;
                time[i] = 1_704_067_200_000_000_000L + row * 10_000_000_000L;
                host[i] = "host-" + (row % 50);
                cpu[i] = random.NextDouble() * 100;
                mem[i] = Math.Round(random.NextDouble() * 64e9);
                load[i] = random.NextDouble() * 8;
                loadValid[i] = row % 97 != 0;
            }
            batches.Add(new ArrowRecordBatch(Schema, [
                ArrowArray.FromTimestamps(time), hosts.Encode(host), ArrowArray.FromDouble(cpu),
                ArrowArray.FromDouble(mem), ArrowArray.FromDouble(load, loadValid)]));
        }
        return (Schema, batches.ToArray());
    }
}
