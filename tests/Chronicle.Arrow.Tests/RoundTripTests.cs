using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests;

public class RoundTripTests
{
    public static TheoryData<string, int, bool> Cases => new()
    {
        { "stream", 50, false }, { "stream", 50, true }, { "file", 50, false }, { "file", 50, true },
        { "stream", 1, true }, { "file", 9, true }, { "file", 1000, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_type_round_trips(string format, int rows, bool nulls)
    {
        var batch = TestData.AllTypesBatch(rows, nulls);
        var bytes = format == "file" ? TestData.WriteFile(batch.Schema, batch) : TestData.WriteStream(batch.Schema, batch);
        var (schema, batches) = format == "file" ? TestData.ReadFile(bytes) : TestData.ReadStream(bytes);

        TestData.AssertSameSchema(TestData.AllTypesSchema, schema);
        var read = Assert.Single(batches);
        TestData.AssertSameBatch(batch, read);
    }

    [Fact]
    public void Typed_accessors_and_spans_return_what_was_written()
    {
        var batch = TestData.AllTypesBatch(20, nulls: true);
        var read = Assert.Single(TestData.ReadStream(TestData.WriteStream(batch.Schema, batch)).Batches);

        Assert.Equal(long.MinValue, read.Column("i64").GetInt64(0));
        Assert.Equal(batch.Column("i64").GetValues<long>().ToArray(), read.Column("i64").GetValues<long>().ToArray());
        Assert.Equal(ulong.MaxValue, read.Column("u64").GetUInt64(1));
        Assert.Equal(float.MaxValue, read.Column("f32").GetValues<float>()[1]);
        Assert.Equal(double.Epsilon, read.Column("f64").GetDouble(2));
        Assert.True(read.Column("i32").IsNull(1));
        Assert.Null(read.Column("text").GetString(1));
        Assert.Equal("héllo wörld", read.Column("text").GetString(2));
        Assert.Equal(1_700_000_000_000_000_000L + 5 * 1_000_000_007L, read.Column("time").GetInt64(5));
        Assert.Equal(ArrowType.Timestamp(TimeUnit.Nanosecond, "UTC"), read.Column("time").Type);
        Assert.Null(read.Column("naive_ms").Type.TimeZone);
        Assert.Equal(20, read.Column("nothing").NullCount);
        Assert.True(read.Column("nothing").IsNull(0));
        Assert.Equal(batch.Column("host").GetString(3), read.Column("host").GetString(3));
        Assert.Equal(batch.Column("host").DictionaryIndices.ToArray(), read.Column("host").DictionaryIndices.ToArray());
        var text = read.Column("text");
        Assert.Equal(21, text.ValueOffsets.Length);
        Assert.Equal(text.ValueOffsets[^1], text.ValueData.Length);
    }

    [Fact]
    public void Columns_without_nulls_are_written_without_a_validity_buffer()
    {
        var schema = new ArrowSchema(new ArrowField("x", ArrowType.Int32));
        var batch = new ArrowRecordBatch(schema, [ArrowArray.FromInt32([1, 2, 3], [true, true, true])]);
        var read = Assert.Single(TestData.ReadStream(TestData.WriteStream(schema, batch)).Batches);
        Assert.Equal(0, read.Column(0).NullCount);
        Assert.True(read.Column(0).ValidityBitmap.IsEmpty);
        Assert.Equal([1, 2, 3], read.Column(0).GetValues<int>().ToArray());
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("file")]
    public void Empty_batches_and_a_schema_alone_round_trip(string format)
    {
        var hosts = new ArrowDictionaryBuilder();
        var empty = TestData.AllTypesBatch(0, nulls: false, hosts: hosts);
        var full = TestData.AllTypesBatch(7, nulls: true, hosts: hosts);
        foreach (var batches in new[] { Array.Empty<ArrowRecordBatch>(), [empty], [empty, full, empty] })
        {
            var bytes = format == "file" ? TestData.WriteFile(TestData.AllTypesSchema, batches) : TestData.WriteStream(TestData.AllTypesSchema, batches);
            var (schema, read) = format == "file" ? TestData.ReadFile(bytes) : TestData.ReadStream(bytes);
            TestData.AssertSameSchema(TestData.AllTypesSchema, schema);
            Assert.Equal(batches.Length, read.Count);
            for (int i = 0; i < batches.Length; i++) TestData.AssertSameBatch(batches[i], read[i]);
        }
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("file")]
    public void Many_batches_round_trip_in_order(string format)
    {
        var hosts = new ArrowDictionaryBuilder();
        var batches = Enumerable.Range(0, 12).Select(i => TestData.AllTypesBatch(i * 37 % 100, nulls: i % 2 == 0, seed: i, hosts)).ToArray();
        var bytes = format == "file" ? TestData.WriteFile(TestData.AllTypesSchema, batches) : TestData.WriteStream(TestData.AllTypesSchema, batches);
        var (_, read) = format == "file" ? TestData.ReadFile(bytes) : TestData.ReadStream(bytes);
        Assert.Equal(batches.Length, read.Count);
        for (int i = 0; i < batches.Length; i++) TestData.AssertSameBatch(batches[i], read[i]);
    }

    [Fact]
    public async Task Async_writer_and_readers_match_the_sync_ones()
    {
        var batch = TestData.AllTypesBatch(40, nulls: true);
        var stream = new MemoryStream();
        await using (var writer = new ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
        {
            await writer.WriteBatchAsync(batch);
            await writer.WriteBatchAsync(batch);
            await writer.FinishAsync();
        }
        Assert.Equal(TestData.WriteStream(batch.Schema, batch, batch), stream.ToArray());

        stream.Position = 0;
        await using var reader = new ArrowStreamReader(stream);
        TestData.AssertSameSchema(batch.Schema, await reader.ReadSchemaAsync());
        int count = 0;
        await foreach (var read in reader.ReadAllBatchesAsync())
        {
            TestData.AssertSameBatch(batch, read);
            count++;
        }
        Assert.Equal(2, count);

        var file = new MemoryStream();
        await using (var writer = new ArrowFileWriter(file, batch.Schema, leaveOpen: true))
        {
            await writer.WriteBatchAsync(batch);
            await writer.FinishAsync();
        }
        Assert.Equal(TestData.WriteFile(batch.Schema, batch), file.ToArray());
        file.Position = 0;
        using var fileReader = new ArrowFileReader(file);
        TestData.AssertSameBatch(batch, await fileReader.ReadRecordBatchAsync(0));
    }

    [Fact]
    public void File_reader_reads_from_a_seekable_stream_and_by_index()
    {
        var hosts = new ArrowDictionaryBuilder();
        var batches = Enumerable.Range(0, 3).Select(i => TestData.AllTypesBatch(10 + i, nulls: true, seed: i, hosts)).ToArray();
        var bytes = TestData.WriteFile(TestData.AllTypesSchema, batches);
        var path = Path.Combine(Path.GetTempPath(), $"chronicle-arrow-{Guid.NewGuid():N}.arrow");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var reader = new ArrowFileReader(File.OpenRead(path));
            Assert.Equal(3, reader.RecordBatchCount);
            TestData.AssertSameBatch(batches[2], reader.ReadRecordBatch(2));
            TestData.AssertSameBatch(batches[0], reader.ReadRecordBatch(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadRecordBatch(3));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Zero_copy_columns_write_the_callers_memory()
    {
        long[] times = [10, 20, 30, 40];
        double[] values = [1.5, double.NaN, double.PositiveInfinity, -0.0];
        byte[] validity = [0b1101];
        var schema = new ArrowSchema(
            new ArrowField("time", ArrowType.Timestamp()),
            new ArrowField("value", ArrowType.Float64),
            new ArrowField("name", ArrowType.Utf8));
        var names = ArrowArray.FromUtf8(new[] { 0, 1, 3, 3, 6 }, "abbccc"u8.ToArray());
        var batch = new ArrowRecordBatch(schema, [
            ArrowArray.FromMemory(ArrowType.Timestamp(), times),
            ArrowArray.FromMemory(ArrowType.Float64, values, validity),
            names]);
        var read = Assert.Single(TestData.ReadFile(TestData.WriteFile(schema, batch)).Batches);
        Assert.Equal(times, read.Column(0).GetValues<long>().ToArray());
        Assert.Equal(1, read.Column(1).NullCount);
        Assert.True(read.Column(1).IsNull(1));
        Assert.True(double.IsPositiveInfinity(read.Column(1).GetDouble(2)));
        Assert.True(double.IsNegative(read.Column(1).GetDouble(3)));
        Assert.Equal(new string?[] { "a", "bb", "", "ccc" }, Enumerable.Range(0, 4).Select(read.Column(2).GetString));
    }

    [Fact]
    public void Stream_reader_reads_a_forward_only_stream_in_small_pieces()
    {
        var hosts = new ArrowDictionaryBuilder();
        var batches = new[] { TestData.AllTypesBatch(300, nulls: true, seed: 8, hosts), TestData.AllTypesBatch(5, nulls: false, seed: 9, hosts) };
        var bytes = TestData.WriteStream(TestData.AllTypesSchema, batches);
        using var reader = new ArrowStreamReader(new ForwardOnlyStream(bytes));
        var read = reader.ReadAllBatches().ToList();
        Assert.Equal(2, read.Count);
        TestData.AssertSameBatch(batches[0], read[0]);
        TestData.AssertSameBatch(batches[1], read[1]);
        Assert.Null(reader.ReadNextBatch());
    }
}
