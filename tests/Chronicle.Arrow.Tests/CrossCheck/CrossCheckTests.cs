using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests.CrossCheck;

/// <summary>
/// What Chronicle.Arrow writes, read by an independent implementation (apache-arrow for
/// JavaScript, via tools/arrow-check/check.mjs) and compared with what was written.
/// </summary>
public class CrossCheckTests
{
    [Theory]
    [InlineData("file", false)]
    [InlineData("file", true)]
    [InlineData("stream", false)]
    [InlineData("stream", true)]
    public void Every_type_with_and_without_nulls_reads_the_same_in_apache_arrow(string format, bool nulls)
    {
        var batch = TestData.AllTypesBatch(60, nulls);
        var bytes = format == "file" ? TestData.WriteFile(batch.Schema, batch) : TestData.WriteStream(batch.Schema, batch);
        var report = ApacheArrowCheck.RunOnBytes(bytes);
        Assert.Equal(format, report.GetProperty("format").GetString());
        ApacheArrowCheck.AssertValues([batch], batch.Schema, report);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("stream")]
    public void Multi_batch_output_with_empty_batches_and_dictionary_deltas_reads_the_same(string format)
    {
        var hosts = new ArrowDictionaryBuilder();
        var batches = new[]
        {
            TestData.AllTypesBatch(0, nulls: false, seed: 1, hosts),
            TestData.AllTypesBatch(25, nulls: true, seed: 2, hosts),
            TestData.AllTypesBatch(0, nulls: true, seed: 3, hosts),
            TestData.AllTypesBatch(40, nulls: false, seed: 4, hosts),
            TestData.AllTypesBatch(13, nulls: true, seed: 5, hosts),
        };
        var bytes = format == "file" ? TestData.WriteFile(TestData.AllTypesSchema, batches) : TestData.WriteStream(TestData.AllTypesSchema, batches);
        ApacheArrowCheck.AssertValues(batches, TestData.AllTypesSchema, ApacheArrowCheck.RunOnBytes(bytes));
    }

    [Fact]
    public void Stream_dictionary_replacement_reads_the_same()
    {
        var schema = new ArrowSchema(ArrowField.DictionaryUtf8("tag", 7), new ArrowField("v", ArrowType.Int32));
        var batches = new[]
        {
            new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["a", "b", "a", null]), ArrowArray.FromInt32([1, 2, 3, 4])]),
            new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["x", "y", "z"]), ArrowArray.FromInt32([5, 6, 7])]),
        };
        ApacheArrowCheck.AssertValues(batches, schema, ApacheArrowCheck.RunOnBytes(TestData.WriteStream(schema, batches)));
    }

    [Fact]
    public void Schema_only_outputs_read_the_same()
    {
        foreach (var bytes in new[] { TestData.WriteFile(TestData.AllTypesSchema), TestData.WriteStream(TestData.AllTypesSchema) })
        {
            var report = ApacheArrowCheck.RunOnBytes(bytes);
            ApacheArrowCheck.AssertSchema(TestData.AllTypesSchema, report);
            Assert.Equal(0, report.GetProperty("numRows").GetInt32());
        }
    }

    [Fact]
    public void A_million_row_export_reads_the_same()
    {
        var (schema, batches) = ExportFixture.MillionRows();
        var bytes = TestData.WriteFile(schema, batches);
        var report = ApacheArrowCheck.RunOnBytes(bytes, "--sums");
        Assert.Equal(1_000_000, report.GetProperty("numRows").GetInt32());
        Assert.Equal(batches.Select(b => b.Length), report.GetProperty("batches").EnumerateArray().Select(e => e.GetInt32()));
        ApacheArrowCheck.AssertSums(batches, schema, report);
    }

    [Fact]
    public void Flights_sums_agree_with_apache_arrow()
    {
        var report = ApacheArrowCheck.Run(TestData.FlightsPath, "--sums");
        using var reader = new ArrowFileReader(File.ReadAllBytes(TestData.FlightsPath));
        var batches = reader.ReadAllBatches().ToList();
        ApacheArrowCheck.AssertSums(batches, reader.Schema, report);
        var columns = report.GetProperty("columns");
        Assert.Equal(FlightsTests.DelaySum.ToString(), columns[0].GetProperty("sum").GetString());
        Assert.Equal(FlightsTests.DistanceSum.ToString(), columns[1].GetProperty("sum").GetString());
        Assert.Equal(FlightsTests.TimeSum, columns[2].GetProperty("sum").GetDouble());
    }
}
