using Chronicle.Arrow.FlatBuffers;

namespace Chronicle.Arrow.Format;

/// <summary>
/// Serializes Arrow metadata as FlatBuffers: Schema, RecordBatch and DictionaryBatch messages
/// (Message.fbs, metadata version V5) and the file Footer (File.fbs).
/// </summary>
internal static class MetadataWriter
{
    /// <summary>A <c>Message</c> whose header is the schema.</summary>
    public static byte[] SchemaMessage(ArrowSchema schema)
    {
        var b = new FlatBufferBuilder(512);
        int header = WriteSchema(b, schema);
        return FinishMessage(b, MessageHeaderTag.Schema, header, 0);
    }

    /// <summary>A <c>Message</c> whose header is a record batch.</summary>
    public static byte[] RecordBatchMessage(long length, IReadOnlyList<FieldNodeInfo> nodes, IReadOnlyList<BufferInfo> buffers, long bodyLength)
    {
        var b = new FlatBufferBuilder(256 + 16 * (nodes.Count + buffers.Count));
        int header = WriteRecordBatch(b, length, nodes, buffers);
        return FinishMessage(b, MessageHeaderTag.RecordBatch, header, bodyLength);
    }

    /// <summary>A <c>Message</c> whose header is a dictionary batch (one Utf8 column).</summary>
    public static byte[] DictionaryBatchMessage(long id, bool isDelta, long length, IReadOnlyList<FieldNodeInfo> nodes,
        IReadOnlyList<BufferInfo> buffers, long bodyLength)
    {
        var b = new FlatBufferBuilder(256);
        int data = WriteRecordBatch(b, length, nodes, buffers);
        b.StartTable(BatchSlot.DictionaryBatchCount);
        b.AddInt64(BatchSlot.DictionaryId, id, 0);
        b.AddOffset(BatchSlot.DictionaryData, data);
        b.AddBool(BatchSlot.DictionaryIsDelta, isDelta, false);
        int header = b.EndTable();
        return FinishMessage(b, MessageHeaderTag.DictionaryBatch, header, bodyLength);
    }

    /// <summary>The file <c>Footer</c>: schema and the blocks of dictionary and record batch messages.</summary>
    public static byte[] Footer(ArrowSchema schema, IReadOnlyList<BlockInfo> dictionaries, IReadOnlyList<BlockInfo> recordBatches)
    {
        var b = new FlatBufferBuilder(512 + 24 * (dictionaries.Count + recordBatches.Count));
        int schemaTable = WriteSchema(b, schema);
        int dictionaryBlocks = WriteBlocks(b, dictionaries);
        int batchBlocks = WriteBlocks(b, recordBatches);
        b.StartTable(FooterSlot.Count);
        b.AddOffset(FooterSlot.Schema, schemaTable);
        b.AddOffset(FooterSlot.Dictionaries, dictionaryBlocks);
        b.AddOffset(FooterSlot.RecordBatches, batchBlocks);
        b.AddInt16(FooterSlot.Version, MetadataVersion.V5, 0);
        return b.Finish(b.EndTable());
    }

    private static byte[] FinishMessage(FlatBufferBuilder b, byte headerType, int header, long bodyLength)
    {
        b.StartTable(MessageSlot.Count);
        b.AddInt64(MessageSlot.BodyLength, bodyLength, 0);
        b.AddOffset(MessageSlot.Header, header);
        b.AddInt16(MessageSlot.Version, MetadataVersion.V5, 0);
        b.AddByte(MessageSlot.HeaderType, headerType, 0);
        return b.Finish(b.EndTable());
    }

    private static int WriteBlocks(FlatBufferBuilder b, IReadOnlyList<BlockInfo> blocks)
    {
        b.StartVector(FooterSlot.BlockSize, blocks.Count, 8);
        for (int i = blocks.Count - 1; i >= 0; i--)
        {
            // Struct fields are pushed last to first: bodyLength, padding, metaDataLength, offset.
            b.AddInt64(blocks[i].BodyLength);
            b.AddInt32(0);
            b.AddInt32(blocks[i].MetadataLength);
            b.AddInt64(blocks[i].Offset);
        }
        return b.EndVector();
    }

    private static int WriteRecordBatch(FlatBufferBuilder b, long length, IReadOnlyList<FieldNodeInfo> nodes, IReadOnlyList<BufferInfo> buffers)
    {
        b.StartVector(BatchSlot.NodeSize, nodes.Count, 8);
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            b.AddInt64(nodes[i].NullCount);
            b.AddInt64(nodes[i].Length);
        }
        int nodeVector = b.EndVector();
        b.StartVector(BatchSlot.BufferSize, buffers.Count, 8);
        for (int i = buffers.Count - 1; i >= 0; i--)
        {
            b.AddInt64(buffers[i].Length);
            b.AddInt64(buffers[i].Offset);
        }
        int bufferVector = b.EndVector();
        b.StartTable(BatchSlot.RecordBatchCount);
        b.AddInt64(BatchSlot.Length, length, 0);
        b.AddOffset(BatchSlot.Nodes, nodeVector);
        b.AddOffset(BatchSlot.Buffers, bufferVector);
        return b.EndTable();
    }

    private static int WriteSchema(FlatBufferBuilder b, ArrowSchema schema)
    {
        var fields = new int[schema.Fields.Count];
        for (int i = 0; i < fields.Length; i++) fields[i] = WriteField(b, schema.Fields[i]);
        int fieldVector = b.CreateOffsetVector(fields);
        b.StartTable(SchemaSlot.Count);
        b.AddOffset(SchemaSlot.Fields, fieldVector);
        // endianness: Little is the default (0) and so is omitted.
        return b.EndTable();
    }

    private static int WriteField(FlatBufferBuilder b, ArrowField field)
    {
        int name = b.CreateString(field.Name);
        var (tag, type) = WriteType(b, field.Type);
        int dictionary = 0;
        if (field.DictionaryId is { } id)
        {
            b.StartTable(TypeSlot.IntCount);
            b.AddInt32(TypeSlot.IntBitWidth, 32, 0);
            b.AddBool(TypeSlot.IntIsSigned, true, false);
            int indexType = b.EndTable();
            b.StartTable(TypeSlot.DictionaryCount);
            b.AddInt64(TypeSlot.DictionaryId, id, 0);
            b.AddOffset(TypeSlot.DictionaryIndexType, indexType);
            dictionary = b.EndTable();
        }
        // Readers such as Arrow C++ expect the children vector even when it is empty.
        int children = b.CreateOffsetVector([]);
        b.StartTable(FieldSlot.Count);
        b.AddOffset(FieldSlot.Name, name);
        b.AddOffset(FieldSlot.Type, type);
        b.AddOffset(FieldSlot.Dictionary, dictionary);
        b.AddOffset(FieldSlot.Children, children);
        b.AddByte(FieldSlot.TypeType, tag, 0);
        b.AddBool(FieldSlot.Nullable, field.IsNullable, false);
        return b.EndTable();
    }

    private static (byte Tag, int Table) WriteType(FlatBufferBuilder b, ArrowType type)
    {
        switch (type.Id)
        {
            case ArrowTypeId.Null: return (TypeTag.Null, EmptyTable(b));
            case ArrowTypeId.Utf8: return (TypeTag.Utf8, EmptyTable(b));
            case ArrowTypeId.Boolean: return (TypeTag.Bool, EmptyTable(b));
            case ArrowTypeId.Float32:
            case ArrowTypeId.Float64:
                b.StartTable(TypeSlot.FloatCount);
                b.AddInt16(TypeSlot.FloatPrecision, type.Id == ArrowTypeId.Float32 ? TypeSlot.PrecisionSingle : TypeSlot.PrecisionDouble, 0);
                return (TypeTag.FloatingPoint, b.EndTable());
            case ArrowTypeId.Timestamp:
                int zone = type.TimeZone is null ? 0 : b.CreateString(type.TimeZone);
                b.StartTable(TypeSlot.TimestampCount);
                b.AddOffset(TypeSlot.TimestampTimezone, zone);
                b.AddInt16(TypeSlot.TimestampUnit, (short)type.Unit, 0);
                return (TypeTag.Timestamp, b.EndTable());
            default:
                b.StartTable(TypeSlot.IntCount);
                b.AddInt32(TypeSlot.IntBitWidth, type.BitWidth, 0);
                b.AddBool(TypeSlot.IntIsSigned, type.IsSignedInteger, false);
                return (TypeTag.Int, b.EndTable());
        }
    }

    private static int EmptyTable(FlatBufferBuilder b)
    {
        b.StartTable(0);
        return b.EndTable();
    }
}
