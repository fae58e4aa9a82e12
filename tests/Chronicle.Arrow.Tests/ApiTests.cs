using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests;

/// <summary>Argument checks of the public model and the writers' state machine.</summary>
public class ApiTests
{
    [Fact]
    public void Batches_reject_columns_that_do_not_match_the_schema()
    {
        var schema = new ArrowSchema(new ArrowField("a", ArrowType.Int32, nullable: false), new ArrowField("b", ArrowType.Float64));
        var a = ArrowArray.FromInt32([1, 2]);
        Assert.Contains("2 fields but 1", Assert.Throws<ArgumentException>(() => new ArrowRecordBatch(schema, [a])).Message);
        Assert.Contains("field is b: Float64", Assert.Throws<ArgumentException>(() => new ArrowRecordBatch(schema, [a, ArrowArray.FromInt32([1, 2])])).Message);
        Assert.Contains("has 3 values", Assert.Throws<ArgumentException>(() => new ArrowRecordBatch(schema, [a, ArrowArray.FromDouble([1, 2, 3])])).Message);
        Assert.Contains("not nullable", Assert.Throws<ArgumentException>(() =>
            new ArrowRecordBatch(schema, [ArrowArray.FromInt32([1, 2], [true, false]), ArrowArray.FromDouble([1, 2])])).Message);
    }

    [Fact]
    public void Factories_validate_their_input()
    {
        Assert.Throws<ArgumentException>(() => ArrowArray.FromInt64([1, 2], [true]));
        Assert.Throws<ArgumentException>(() => ArrowArray.FromMemory(ArrowType.Int32, new long[] { 1 }));
        Assert.Throws<ArgumentException>(() => ArrowArray.FromMemory(ArrowType.Utf8, new byte[] { 1 }));
        Assert.Throws<ArgumentException>(() => ArrowArray.FromMemory(ArrowType.Int64, new long[20], new byte[2]));
        Assert.Throws<ArgumentException>(() => ArrowArray.FromUtf8(new[] { 0, 3, 2 }, new byte[3]));
        Assert.Throws<ArgumentException>(() => ArrowArray.FromUtf8(new[] { 0, 4 }, new byte[3]));
        var dictionary = ArrowArray.FromStrings(["a", "b"]);
        Assert.Throws<ArgumentException>(() => ArrowArray.DictionaryUtf8([0, 2], dictionary));
        Assert.Equal(1, ArrowArray.DictionaryUtf8([0, 2], dictionary, [true, false]).NullCount);
        Assert.Throws<ArgumentException>(() => ArrowArray.DictionaryUtf8([0], ArrowArray.FromStrings(["a", null])));
        Assert.Throws<ArgumentException>(() => new ArrowField("x", ArrowType.Int32, dictionaryId: 1));
        Assert.Throws<ArgumentException>(() => new ArrowSchema(ArrowField.DictionaryUtf8("a", 1), ArrowField.DictionaryUtf8("b", 1)));
    }

    [Fact]
    public void Accessors_reject_the_wrong_type()
    {
        var ints = ArrowArray.FromInt32([1]);
        Assert.Throws<InvalidOperationException>(() => ints.GetDouble(0));
        Assert.Throws<InvalidOperationException>(() => ints.GetString(0));
        Assert.Throws<InvalidOperationException>(() => ints.GetValues<long>());
        Assert.Throws<InvalidOperationException>(() => ints.DictionaryIndices.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ints.GetInt64(1));
        Assert.Equal(1, ints.GetInt64(0));
    }

    [Fact]
    public void Dictionary_builder_snapshots_are_stable_and_shared()
    {
        var builder = new ArrowDictionaryBuilder();
        var first = builder.Encode(["a", "b", null, "a"]);
        var second = builder.Encode(["c", "a"]);
        Assert.Equal(2, first.Dictionary!.Length);
        Assert.Equal(3, second.Dictionary!.Length);
        Assert.Equal([0, 1, 0], first.DictionaryIndices.ToArray().Where((_, i) => i != 2));
        Assert.Equal("b", first.GetString(1));
        Assert.Null(first.GetString(2));
        Assert.Equal("c", second.GetString(0));
        for (int i = 0; i < 1000; i++) builder.GetOrAdd("grow" + i); // forces the arrays to grow
        Assert.Equal("b", first.Dictionary.GetString(1));
        Assert.Equal("c", second.Dictionary.GetString(2));
    }

    [Fact]
    public void File_writer_refuses_to_replace_a_dictionary_and_writers_refuse_after_finish()
    {
        var schema = new ArrowSchema(ArrowField.DictionaryUtf8("tag", 0));
        using var writer = new ArrowFileWriter(new MemoryStream(), schema);
        writer.WriteBatch(new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["a", "b"])]));
        writer.WriteBatch(new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["a"])])); // a prefix: fine
        writer.WriteBatch(new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["a", "b", "c"])])); // extends: a delta
        var e = Assert.Throws<InvalidOperationException>(() => writer.WriteBatch(new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["x"])])));
        Assert.Contains("cannot replace a dictionary", e.Message);
        writer.Finish();
        Assert.Throws<InvalidOperationException>(() => writer.Finish());
        Assert.Throws<InvalidOperationException>(() => writer.WriteBatch(new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["a"])])));
    }

    [Fact]
    public void Stream_dictionary_replacement_round_trips()
    {
        var schema = new ArrowSchema(ArrowField.DictionaryUtf8("tag", 5));
        var one = new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["a", "b", "a"])]);
        var two = new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["z", "y"])]);
        var (_, batches) = TestData.ReadStream(TestData.WriteStream(schema, one, two));
        Assert.Equal(["a", "b", "a"], Enumerable.Range(0, 3).Select(batches[0].Column(0).GetString));
        Assert.Equal(["z", "y"], Enumerable.Range(0, 2).Select(batches[1].Column(0).GetString));
    }

    [Fact]
    public void Writers_reject_a_batch_of_another_schema()
    {
        var schema = new ArrowSchema(new ArrowField("a", ArrowType.Int32));
        var other = new ArrowSchema(new ArrowField("b", ArrowType.Int32));
        using var writer = new ArrowStreamWriter(new MemoryStream(), schema);
        Assert.Throws<ArgumentException>(() => writer.WriteBatch(new ArrowRecordBatch(other, [ArrowArray.FromInt32([1])])));
        writer.WriteBatch(new ArrowRecordBatch(new ArrowSchema(new ArrowField("a", ArrowType.Int32)), [ArrowArray.FromInt32([1])]));
    }
}
