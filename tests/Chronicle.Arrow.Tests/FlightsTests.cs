using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests;

/// <summary>
/// samples/data/flights-200k.arrow was written by a real Arrow implementation (IPC file format).
/// The expected sums were computed by apache-arrow (tools/arrow-check); CrossCheckTests compares
/// them live as well.
/// </summary>
public class FlightsTests
{
    internal const long DelaySum = 1_500_159;
    internal const long DistanceSum = 145_847_125;
    internal const double TimeSum = 2755170.1662385147; // float32 values summed as doubles in row order

    internal static (long Rows, long Delay, long Distance, double Time) Sums(IEnumerable<ArrowRecordBatch> batches)
    {
        long rows = 0, delay = 0, distance = 0;
        double time = 0;
        foreach (var batch in batches)
        {
            rows += batch.Length;
            foreach (short v in batch.Column("delay").GetValues<short>()) delay += v;
            foreach (short v in batch.Column("distance").GetValues<short>()) distance += v;
            foreach (float v in batch.Column("time").GetValues<float>()) time += v;
        }
        return (rows, delay, distance, time);
    }

    [Fact]
    public void Reads_flights_from_bytes_with_expected_schema_rows_and_sums()
    {
        using var reader = new ArrowFileReader(File.ReadAllBytes(TestData.FlightsPath));
        Assert.Equal(["delay", "distance", "time"], reader.Schema.Fields.Select(f => f.Name));
        Assert.Equal([ArrowType.Int16, ArrowType.Int16, ArrowType.Float32], reader.Schema.Fields.Select(f => f.Type));
        var (rows, delay, distance, time) = Sums(reader.ReadAllBatches());
        Assert.Equal(200_000, rows);
        Assert.Equal(DelaySum, delay);
        Assert.Equal(DistanceSum, distance);
        Assert.Equal(TimeSum, time);
    }

    [Fact]
    public void Reads_flights_from_a_file_stream_with_the_same_result()
    {
        using var reader = new ArrowFileReader(File.OpenRead(TestData.FlightsPath));
        var (rows, delay, distance, time) = Sums(reader.ReadAllBatches());
        Assert.Equal((200_000L, DelaySum, DistanceSum, TimeSum), (rows, delay, distance, time));
        var first = reader.ReadRecordBatch(0);
        Assert.Equal(first.Column("delay").GetValues<short>()[0], first.Column("delay").GetInt64(0));
    }

    [Fact]
    public void Flights_rewritten_by_our_writers_read_back_identically()
    {
        using var reader = new ArrowFileReader(File.ReadAllBytes(TestData.FlightsPath));
        var batches = reader.ReadAllBatches().ToArray();
        var stream = TestData.ReadStream(TestData.WriteStream(reader.Schema, batches));
        var file = TestData.ReadFile(TestData.WriteFile(reader.Schema, batches));
        Assert.Equal((200_000L, DelaySum, DistanceSum, TimeSum), Sums(stream.Batches));
        Assert.Equal((200_000L, DelaySum, DistanceSum, TimeSum), Sums(file.Batches));
    }
}
