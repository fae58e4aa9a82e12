using Chronicle.Storage.Head;
using Xunit.Abstractions;

namespace Chronicle.Storage.Tests.Head;

/// <summary>A series' bulk append holds exactly what appending one sample at a time holds, also with samples out of order and duplicates.</summary>
public class MemSeriesAppendRangeTests
{
    private readonly ITestOutputHelper _output;

    public MemSeriesAppendRangeTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Bulk_and_single_appends_hold_the_same_samples()
    {
        int seed = Environment.TickCount;
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int trial = 0; trial < 30; trial++)
        {
            int chunkSize = random.Next(1, 200);
            var bulk = new MemSeries(1, FieldType.Double, chunkSize);
            var single = new MemSeries(1, FieldType.Double, chunkSize);
            long t = 1_000;
            for (int write = 0; write < 20; write++)
            {
                int n = random.Next(1, 300);
                var ts = new long[n];
                var values = new long[n];
                for (int i = 0; i < n; i++)
                {
                    // Mostly in order; now and then a step back (out of order) or a repeat (duplicate).
                    int kind = random.Next(10);
                    t = kind == 0 ? t - random.Next(1, 500) : kind == 1 ? t : t + random.Next(1, 100);
                    ts[i] = t;
                    values[i] = BitConverter.DoubleToInt64Bits(random.NextDouble());
                }

                bulk.AppendRange(ts, values);
                for (int i = 0; i < n; i++) single.Append(ts[i], values[i], null);
            }

            var a = bulk.ReadAll();
            var b = single.ReadAll();
            Assert.Equal(b.Count, a.Count);
            Assert.Equal(b.Timestamps.AsSpan(0, b.Count).ToArray(), a.Timestamps.AsSpan(0, a.Count).ToArray());
            Assert.Equal(b.Values.AsSpan(0, b.Count).ToArray(), a.Values.AsSpan(0, a.Count).ToArray());
            Assert.Equal((single.MinTime, single.MaxTime), (bulk.MinTime, bulk.MaxTime));
            Assert.True(bulk.Count >= a.Count, "Count is an upper bound of the samples held"); // duplicates count until a rebuild

        }
    }
}
