using System.Buffers.Binary;
using Chronicle.Arrow.FlatBuffers;

namespace Chronicle.Arrow.Format;

/// <summary>A decoded <c>Message</c>: its header kind and table and its body length.</summary>
internal readonly record struct MessageInfo(byte HeaderType, FlatBufferTable Header, long BodyLength);

/// <summary>
/// Decodes Arrow metadata (Message, Schema, RecordBatch, DictionaryBatch, Footer) from FlatBuffers,
/// checking every value it relies on. Anything malformed or outside the supported subset raises
/// <see cref="InvalidDataException"/> with a message naming the problem.
/// </summary>
internal static class MetadataReader
{
    /// <summary>Decodes a <c>Message</c> flatbuffer.</summary>
    public static MessageInfo ReadMessage(ReadOnlyMemory<byte> metadata)
    {
        var message = FlatBufferTable.GetRoot(metadata, "Message");
        CheckVersion(message.GetInt16(MessageSlot.Version, 0), "message");
        byte headerType = message.GetByte(MessageSlot.HeaderType, 0);
        if (headerType is not (MessageHeaderTag.Schema or MessageHeaderTag.DictionaryBatch or MessageHeaderTag.RecordBatch))
            throw Unsupported($"message header type {headerType} (only Schema, DictionaryBatch and RecordBatch messages are read)");
        var header = message.GetTable(MessageSlot.Header, "message header") ?? throw Invalid("the message has no header");
        long bodyLength = message.GetInt64(MessageSlot.BodyLength, 0);
        if (bodyLength < 0) throw Invalid($"negative message body length {bodyLength}");
        return new MessageInfo(headerType, header, bodyLength);
    }

    /// <summary>Decodes a <c>Footer</c> flatbuffer.</summary>
    public static FooterInfo ReadFooter(ReadOnlyMemory<byte> footer)
    {
        var table = FlatBufferTable.GetRoot(footer, "Footer");
        CheckVersion(table.GetInt16(FooterSlot.Version, 0), "file footer");
        var schema = table.GetTable(FooterSlot.Schema, "Schema") ?? throw Invalid("the file footer has no schema");
        return new FooterInfo(ReadSchema(schema), ReadBlocks(table, FooterSlot.Dictionaries), ReadBlocks(table, FooterSlot.RecordBatches));
    }

    private static BlockInfo[] ReadBlocks(FlatBufferTable footer, int slot)
    {
        var raw = footer.GetStructVector(slot, FooterSlot.BlockSize, out int count);
        var blocks = new BlockInfo[count];
        for (int i = 0; i < count; i++)
        {
            var s = raw.Slice(i * FooterSlot.BlockSize);
            blocks[i] = new BlockInfo(BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadInt32LittleEndian(s.Slice(8)),
                BinaryPrimitives.ReadInt64LittleEndian(s.Slice(16)));
        }
        return blocks;
    }

    /// <summary>Decodes a <c>Schema</c> table.</summary>
    public static ArrowSchema ReadSchema(FlatBufferTable schema)
    {
        if (schema.GetInt16(SchemaSlot.Endianness, 0) != 0) throw Unsupported("big-endian data");
        var fieldTables = schema.GetTableVector(SchemaSlot.Fields, "Field");
        var fields = new ArrowField[fieldTables.Length];
        var dictionaryIds = new HashSet<long>();
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = ReadField(fieldTables[i], i);
            if (fields[i].DictionaryId is { } id && !dictionaryIds.Add(id))
                throw Invalid($"dictionary id {id} is used by more than one field");
        }
        return new ArrowSchema(fields);
    }

    private static ArrowField ReadField(FlatBufferTable field, int index)
    {
        string name = field.GetString(FieldSlot.Name) ?? "";
        bool nullable = field.GetBool(FieldSlot.Nullable, false);
        if (field.GetVectorLength(FieldSlot.Children, 4) != 0)
            throw Unsupported($"nested field '{name}' (field {index} has children)");
        byte tag = field.GetByte(FieldSlot.TypeType, 0);
        var typeTable = field.GetTable(FieldSlot.Type, "field type");
        var type = ReadType(tag, typeTable, name);
        long? dictionaryId = null;
        if (field.GetTable(FieldSlot.Dictionary, "DictionaryEncoding") is { } encoding)
        {
            if (type.Id != ArrowTypeId.Utf8)
                throw Unsupported($"dictionary-encoded {type} field '{name}' (only Utf8 dictionaries are read)");
            if (encoding.GetTable(TypeSlot.DictionaryIndexType, "dictionary index type") is { } indexType &&
                (indexType.GetInt32(TypeSlot.IntBitWidth, 0) != 32 || !indexType.GetBool(TypeSlot.IntIsSigned, false)))
                throw Unsupported($"dictionary indices of field '{name}' other than signed 32-bit integers");
            dictionaryId = encoding.GetInt64(TypeSlot.DictionaryId, 0);
        }
        return new ArrowField(name, type, nullable, dictionaryId);
    }

    private static ArrowType ReadType(byte tag, FlatBufferTable? table, string fieldName)
    {
        switch (tag)
        {
            case TypeTag.Null: return ArrowType.Null;
            case TypeTag.Utf8: return ArrowType.Utf8;
            case TypeTag.Bool: return ArrowType.Boolean;
            case TypeTag.Int:
            {
                var t = table ?? throw Invalid($"field '{fieldName}' has type Int without its Int table");
                int width = t.GetInt32(TypeSlot.IntBitWidth, 0);
                bool signed = t.GetBool(TypeSlot.IntIsSigned, false);
                return (width, signed) switch
                {
                    (8, true) => ArrowType.Int8,
                    (16, true) => ArrowType.Int16,
                    (32, true) => ArrowType.Int32,
                    (64, true) => ArrowType.Int64,
                    (8, false) => ArrowType.UInt8,
                    (16, false) => ArrowType.UInt16,
                    (32, false) => ArrowType.UInt32,
                    (64, false) => ArrowType.UInt64,
                    _ => throw Invalid($"field '{fieldName}' has an Int of bit width {width}"),
                };
            }
            case TypeTag.FloatingPoint:
            {
                var t = table ?? throw Invalid($"field '{fieldName}' has type FloatingPoint without its table");
                return t.GetInt16(TypeSlot.FloatPrecision, 0) switch
                {
                    TypeSlot.PrecisionSingle => ArrowType.Float32,
                    TypeSlot.PrecisionDouble => ArrowType.Float64,
                    TypeSlot.PrecisionHalf => throw Unsupported($"half-precision field '{fieldName}'"),
                    var p => throw Invalid($"field '{fieldName}' has floating-point precision {p}"),
                };
            }
            case TypeTag.Timestamp:
            {
                var t = table ?? throw Invalid($"field '{fieldName}' has type Timestamp without its table");
                short unit = t.GetInt16(TypeSlot.TimestampUnit, 0);
                if (unit is < 0 or > 3) throw Invalid($"field '{fieldName}' has timestamp unit {unit}");
                return ArrowType.Timestamp((TimeUnit)unit, t.GetString(TypeSlot.TimestampTimezone));
            }
            case 0: throw Invalid($"field '{fieldName}' has no type");
            default: throw Unsupported($"type {TypeTag.Name(tag)} of field '{fieldName}'");
        }
    }

    /// <summary>Decodes a <c>RecordBatch</c> table.</summary>
    public static RecordBatchInfo ReadRecordBatch(FlatBufferTable batch)
    {
        if (batch.Has(BatchSlot.Compression)) throw Unsupported("compressed record batch bodies");
        long length = batch.GetInt64(BatchSlot.Length, 0);
        if (length < 0 || length > int.MaxValue) throw Invalid($"record batch length {length} is out of range");
        var rawNodes = batch.GetStructVector(BatchSlot.Nodes, BatchSlot.NodeSize, out int nodeCount);
        var nodes = new FieldNodeInfo[nodeCount];
        for (int i = 0; i < nodeCount; i++)
        {
            var s = rawNodes.Slice(i * BatchSlot.NodeSize);
            nodes[i] = new FieldNodeInfo(BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadInt64LittleEndian(s.Slice(8)));
        }
        var rawBuffers = batch.GetStructVector(BatchSlot.Buffers, BatchSlot.BufferSize, out int bufferCount);
        var buffers = new BufferInfo[bufferCount];
        for (int i = 0; i < bufferCount; i++)
        {
            var s = rawBuffers.Slice(i * BatchSlot.BufferSize);
            buffers[i] = new BufferInfo(BinaryPrimitives.ReadInt64LittleEndian(s), BinaryPrimitives.ReadInt64LittleEndian(s.Slice(8)));
        }
        return new RecordBatchInfo(length, nodes, buffers);
    }

    /// <summary>Decodes a <c>DictionaryBatch</c> table.</summary>
    public static DictionaryBatchInfo ReadDictionaryBatch(FlatBufferTable batch)
    {
        var data = batch.GetTable(BatchSlot.DictionaryData, "dictionary data") ?? throw Invalid("a dictionary batch has no data");
        return new DictionaryBatchInfo(batch.GetInt64(BatchSlot.DictionaryId, 0), batch.GetBool(BatchSlot.DictionaryIsDelta, false), ReadRecordBatch(data));
    }

    private static void CheckVersion(short version, string what)
    {
        if (version is MetadataVersion.V4 or MetadataVersion.V5) return;
        throw Unsupported($"{what} metadata version V{version + 1} (V4 and V5 are read)");
    }

    /// <summary>An error for malformed metadata.</summary>
    public static InvalidDataException Invalid(string detail) => new($"Invalid Arrow data: {detail}.");

    /// <summary>An error for valid Arrow outside the supported subset.</summary>
    public static InvalidDataException Unsupported(string what) =>
        new($"Unsupported Arrow data: {what} is not supported by Chronicle.Arrow (see docs/arrow.md).");
}
