using System.Buffers.Binary;
using Chronicle.Arrow;

namespace Chronicle.Arrow.Tests;

/// <summary>Specific kinds of bad input, each rejected with an InvalidDataException that says what is wrong.</summary>
public class MalformedInputTests
{
    private static readonly ArrowSchema IntSchema = new(new ArrowField("x", ArrowType.Int64));

    private static byte[] OneBatchStream() =>
        TestData.WriteStream(IntSchema, new ArrowRecordBatch(IntSchema, [ArrowArray.FromInt64([1, 2, 3])]));

    private static InvalidDataException ReadStreamFails(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => FuzzTests.ReadEverything(bytes, file: false));

    private static InvalidDataException ReadFileFails(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => FuzzTests.ReadEverything(bytes, file: true));

    [Fact]
    public void An_empty_stream_has_no_schema()
    {
        var e = ReadStreamFails([]);
        Assert.Contains("ends before its schema", e.Message);
    }

    [Fact]
    public void A_stream_cut_inside_a_message_reports_truncation()
    {
        var bytes = OneBatchStream();
        var e = ReadStreamFails(bytes.AsSpan(0, bytes.Length - 20).ToArray());
        Assert.Contains("Truncated Arrow stream", e.Message);
    }

    [Fact]
    public void A_stream_without_the_end_marker_still_reads()
    {
        var bytes = OneBatchStream();
        var (_, batches) = TestData.ReadStream(bytes.AsSpan(0, bytes.Length - 8).ToArray());
        Assert.Equal(3, Assert.Single(batches).Length);
    }

    [Fact]
    public void A_file_given_to_the_stream_reader_and_vice_versa_is_named_as_such()
    {
        var stream = OneBatchStream();
        var e = ReadFileFails(stream);
        Assert.Contains("does not start with the magic", e.Message);
        var file = TestData.WriteFile(IntSchema);
        ReadStreamFails(file);
    }

    [Fact]
    public void A_file_missing_its_tail_is_rejected()
    {
        var file = TestData.WriteFile(IntSchema, new ArrowRecordBatch(IntSchema, [ArrowArray.FromInt64([1, 2, 3])]));
        var e = ReadFileFails(file.AsSpan(0, file.Length - 3).ToArray());
        Assert.Contains("does not end with the magic", e.Message);
        Assert.Contains("too short", ReadFileFails(file.AsSpan(0, 10).ToArray()).Message);
    }

    [Fact]
    public void A_footer_length_past_the_file_is_rejected()
    {
        var file = TestData.WriteFile(IntSchema);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(file.Length - 10), 1 << 30);
        Assert.Contains("footer length", ReadFileFails(file).Message);
    }

    [Fact]
    public void A_buffer_outside_the_body_is_rejected()
    {
        // Shrink the declared body length so the values buffer no longer fits.
        var bytes = OneBatchStream();
        int batchStart = FindMessage(bytes, 1);
        int metadataLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(batchStart + 4));
        // The body of 3 int64 values is 24 bytes; the record batch message's bodyLength field holds 24.
        int at = IndexOfInt64(bytes.AsSpan(batchStart + 8, metadataLength), 24) + batchStart + 8;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), 16);
        var cut = bytes.AsSpan(0, batchStart + 8 + metadataLength + 16).ToArray().Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 }).ToArray();
        var e = ReadStreamFails(cut);
        Assert.Contains("outside the 16-byte message body", e.Message);
    }

    [Fact]
    public void Unsupported_types_are_named()
    {
        // Change the Int type tag (2) of the only field to Decimal (7).
        var bytes = TestData.WriteStream(IntSchema);
        int metadataLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        var message = bytes.AsSpan(8, metadataLength);
        int changed = 0;
        // Built back to front, the field table holds the nullable bool (1) right before the ubyte type tag (2).
        for (int i = 0; i + 1 < message.Length; i++)
            if (message[i] == 1 && message[i + 1] == 2) { message[i + 1] = 7; changed++; break; }
        Assert.Equal(1, changed);
        var e = ReadStreamFails(bytes);
        Assert.Contains("Unsupported Arrow data: type Decimal", e.Message);
    }

    [Fact]
    public void Decreasing_utf8_offsets_are_rejected()
    {
        var schema = new ArrowSchema(new ArrowField("s", ArrowType.Utf8));
        var bytes = TestData.WriteStream(schema, new ArrowRecordBatch(schema, [ArrowArray.FromStrings(["ab", "cd", "ef"])]));
        // Offsets [0, 2, 4, 6] follow the metadata of the record batch message.
        int batchStart = FindMessage(bytes, 1);
        int body = batchStart + 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(batchStart + 4));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4)));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(body + 4), 5);
        Assert.Contains("decreasing offsets", ReadStreamFails(bytes).Message);
    }

    [Fact]
    public void A_dictionary_index_outside_the_dictionary_is_rejected()
    {
        var schema = new ArrowSchema(ArrowField.DictionaryUtf8("tag", 0));
        var bytes = TestData.WriteStream(schema, new ArrowRecordBatch(schema, [ArrowArray.DictionaryUtf8(["a", "b", "a"])]));
        int batchStart = FindMessage(bytes, 2);
        int body = batchStart + 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(batchStart + 4));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(body + 4), 9);
        Assert.Contains("dictionary index 9", ReadStreamFails(bytes).Message);
    }

    [Fact]
    public void A_null_count_that_disagrees_with_the_bitmap_is_rejected()
    {
        var batch = new ArrowRecordBatch(IntSchema, [ArrowArray.FromInt64([1, 2, 3], [true, false, true])]);
        var bytes = TestData.WriteStream(IntSchema, batch);
        int batchStart = FindMessage(bytes, 1);
        int body = batchStart + 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(batchStart + 4));
        Assert.Equal(0b101, bytes[body]);
        bytes[body] = 0b111;
        Assert.Contains("declares 1 nulls but its validity bitmap has 0", ReadStreamFails(bytes).Message);
    }

    /// <summary>The start of message number <paramref name="index"/> (0 = schema) of a stream.</summary>
    private static int FindMessage(byte[] stream, int index)
    {
        int position = 0;
        for (int i = 0; i < index; i++)
        {
            int metadata = BinaryPrimitives.ReadInt32LittleEndian(stream.AsSpan(position + 4));
            var message = Chronicle.Arrow.Format.MetadataReader.ReadMessage(stream.AsMemory(position + 8, metadata));
            position += 8 + metadata + (int)message.BodyLength;
        }
        return position;
    }

    private static int IndexOfInt64(ReadOnlySpan<byte> span, long value)
    {
        for (int i = 0; i + 8 <= span.Length; i += 4)
            if (BinaryPrimitives.ReadInt64LittleEndian(span.Slice(i)) == value) return i;
        throw new InvalidOperationException("value not found");
    }
}
