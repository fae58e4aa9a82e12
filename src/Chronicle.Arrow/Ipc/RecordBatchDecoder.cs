using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Chronicle.Arrow.Format;
using Chronicle.Arrow.Internal;

namespace Chronicle.Arrow.Ipc;

/// <summary>
/// Turns a record batch header and its message body into columns, checking every node and buffer
/// against the schema and the body's bounds first: buffer ranges inside the body, buffers long
/// enough for their length, null counts equal to the validity bitmap's, Utf8 offsets non-decreasing
/// and inside the data, dictionary indices inside their dictionary. Columns share the body's memory.
/// </summary>
internal static class RecordBatchDecoder
{
    private static readonly byte[] ZeroOffset = new byte[4];

    public static ArrowRecordBatch Decode(ArrowSchema schema, RecordBatchInfo info, ReadOnlyMemory<byte> body,
        IReadOnlyDictionary<long, ArrowArray> dictionaries)
    {
        int length = (int)info.Length; // range-checked by MetadataReader
        if (info.Nodes.Length != schema.Fields.Count)
            throw Invalid($"the record batch has {info.Nodes.Length} field nodes for {schema.Fields.Count} fields");
        int expectedBuffers = 0;
        foreach (var field in schema.Fields) expectedBuffers += BufferCount(field);
        if (info.Buffers.Length != expectedBuffers)
            throw Invalid($"the record batch has {info.Buffers.Length} buffers; its {schema.Fields.Count} fields need {expectedBuffers}");
        var columns = new ArrowArray[schema.Fields.Count];
        int buffer = 0;
        for (int i = 0; i < columns.Length; i++)
        {
            var field = schema.Fields[i];
            var node = info.Nodes[i];
            if (node.Length != length)
                throw Invalid($"column '{field.Name}' has {node.Length} values in a batch of {length} rows");
            ArrowArray? dictionary = null;
            if (field.DictionaryId is { } id && !dictionaries.TryGetValue(id, out dictionary))
                throw Invalid($"column '{field.Name}' refers to dictionary {id}, which was not sent before the batch");
            columns[i] = DecodeColumn(field, node, info.Buffers, ref buffer, body, dictionary);
            if (!field.IsNullable && columns[i].NullCount != 0 && field.Type.Id != ArrowTypeId.Null)
                throw Invalid($"column '{field.Name}' is not nullable but has {columns[i].NullCount} nulls");
        }
        return new ArrowRecordBatch(schema, length, columns);
    }

    /// <summary>Decodes the single Utf8 column of a dictionary batch.</summary>
    public static ArrowArray DecodeDictionary(ArrowField field, RecordBatchInfo info, ReadOnlyMemory<byte> body)
    {
        if (info.Nodes.Length != 1 || info.Buffers.Length != 3)
            throw Invalid($"the dictionary batch for '{field.Name}' has {info.Nodes.Length} nodes and {info.Buffers.Length} buffers; a Utf8 dictionary has 1 and 3");
        if (info.Nodes[0].Length != info.Length)
            throw Invalid($"the dictionary batch for '{field.Name}' has {info.Nodes[0].Length} values but length {info.Length}");
        int buffer = 0;
        var plain = new ArrowField(field.Name, ArrowType.Utf8, nullable: true);
        return DecodeColumn(plain, info.Nodes[0], info.Buffers, ref buffer, body, null);
    }

    private static int BufferCount(ArrowField field) => field.Type.Id switch
    {
        ArrowTypeId.Null => 0,
        ArrowTypeId.Utf8 when !field.IsDictionaryEncoded => 3,
        _ => 2,
    };

    private static ArrowArray DecodeColumn(ArrowField field, FieldNodeInfo node, BufferInfo[] buffers, ref int next,
        ReadOnlyMemory<byte> body, ArrowArray? dictionary)
    {
        int length = (int)node.Length;
        if (node.NullCount < 0 || node.NullCount > length)
            throw Invalid($"column '{field.Name}' has null count {node.NullCount} for {length} values");
        int nullCount = (int)node.NullCount;
        if (field.Type.Id == ArrowTypeId.Null) return ArrowArray.Nulls(length);

        var validity = Slice(body, buffers[next++], field, "validity");
        if (nullCount != 0)
        {
            Require(validity, Bitmap.ByteLength(length), field, "validity");
            int valid = Bitmap.CountSet(validity.Span, length);
            if (length - valid != nullCount)
                throw Invalid($"column '{field.Name}' declares {nullCount} nulls but its validity bitmap has {length - valid}");
        }

        if (dictionary is not null)
        {
            var indices = Slice(body, buffers[next++], field, "indices");
            Require(indices, (long)length * 4, field, "indices");
            var values = MemoryMarshal.Cast<byte, int>(indices.Span.Slice(0, length * 4));
            var bits = validity.Span;
            for (int i = 0; i < length; i++)
            {
                if ((uint)values[i] < (uint)dictionary.Length || (nullCount != 0 && !Bitmap.Get(bits, i))) continue;
                throw Invalid($"column '{field.Name}' has dictionary index {values[i]} at row {i}; the dictionary has {dictionary.Length} entries");
            }
            return new ArrowArray(ArrowType.Utf8, length, nullCount, validity, indices, default, dictionary);
        }

        switch (field.Type.Id)
        {
            case ArrowTypeId.Utf8:
            {
                var offsets = Slice(body, buffers[next++], field, "offsets");
                var data = Slice(body, buffers[next++], field, "data");
                if (length == 0 && offsets.Length < 4) offsets = ZeroOffset;
                Require(offsets, ((long)length + 1) * 4, field, "offsets");
                var o = MemoryMarshal.Cast<byte, int>(offsets.Span.Slice(0, (length + 1) * 4));
                if (o[0] < 0) throw Invalid($"column '{field.Name}' has a negative first offset {o[0]}");
                for (int i = 1; i < o.Length; i++)
                    if (o[i] < o[i - 1]) throw Invalid($"column '{field.Name}' has decreasing offsets at row {i - 1}");
                if (o[length] > data.Length)
                    throw Invalid($"column '{field.Name}' has offset {o[length]} past its {data.Length}-byte data buffer");
                return new ArrowArray(ArrowType.Utf8, length, nullCount, validity, offsets, data, null);
            }
            case ArrowTypeId.Boolean:
            {
                var bits = Slice(body, buffers[next++], field, "values");
                Require(bits, Bitmap.ByteLength(length), field, "values");
                return new ArrowArray(field.Type, length, nullCount, validity, bits, default, null);
            }
            default:
            {
                var values = Slice(body, buffers[next++], field, "values");
                Require(values, (long)length * field.Type.ByteWidth, field, "values");
                return new ArrowArray(field.Type, length, nullCount, validity, values, default, null);
            }
        }
    }

    private static ReadOnlyMemory<byte> Slice(ReadOnlyMemory<byte> body, BufferInfo buffer, ArrowField field, string what)
    {
        if (buffer.Offset < 0 || buffer.Length < 0 || buffer.Offset > body.Length || buffer.Length > body.Length - buffer.Offset)
            throw Invalid($"the {what} buffer of column '{field.Name}' (offset {buffer.Offset}, length {buffer.Length}) lies outside the {body.Length}-byte message body");
        return body.Slice((int)buffer.Offset, (int)buffer.Length);
    }

    private static void Require(ReadOnlyMemory<byte> buffer, long bytes, ArrowField field, string what)
    {
        if (buffer.Length < bytes)
            throw Invalid($"the {what} buffer of column '{field.Name}' has {buffer.Length} bytes; {bytes} are needed");
    }

    private static InvalidDataException Invalid(string detail) => MetadataReader.Invalid(detail);
}
