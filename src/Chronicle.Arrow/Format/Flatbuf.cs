namespace Chronicle.Arrow.Format;

// Field slots and enum values of Arrow's FlatBuffers schemas (format/Schema.fbs, Message.fbs,
// File.fbs). A union field takes two slots: its type tag (ubyte) then its value (offset).

/// <summary>Metadata versions (Schema.fbs <c>MetadataVersion</c>).</summary>
internal static class MetadataVersion
{
    public const short V4 = 3;
    public const short V5 = 4;
}

/// <summary>The <c>Type</c> union's tags (Schema.fbs), for the types this library knows.</summary>
internal static class TypeTag
{
    public const byte Null = 1, Int = 2, FloatingPoint = 3, Binary = 4, Utf8 = 5, Bool = 6, Decimal = 7,
        Date = 8, Time = 9, Timestamp = 10, Interval = 11, List = 12, Struct = 13, Union = 14,
        FixedSizeBinary = 15, FixedSizeList = 16, Map = 17, Duration = 18, LargeBinary = 19,
        LargeUtf8 = 20, LargeList = 21;

    private static readonly string[] Names =
    [
        "NONE", "Null", "Int", "FloatingPoint", "Binary", "Utf8", "Bool", "Decimal", "Date", "Time",
        "Timestamp", "Interval", "List", "Struct", "Union", "FixedSizeBinary", "FixedSizeList", "Map",
        "Duration", "LargeBinary", "LargeUtf8", "LargeList",
    ];

    public static string Name(byte tag) => tag < Names.Length ? Names[tag] : $"#{tag}";
}

/// <summary>The <c>MessageHeader</c> union's tags (Message.fbs).</summary>
internal static class MessageHeaderTag
{
    public const byte Schema = 1, DictionaryBatch = 2, RecordBatch = 3, Tensor = 4, SparseTensor = 5;
}

/// <summary>Slots of table <c>Message</c>.</summary>
internal static class MessageSlot
{
    public const int Version = 0, HeaderType = 1, Header = 2, BodyLength = 3, CustomMetadata = 4, Count = 5;
}

/// <summary>Slots of table <c>Schema</c>.</summary>
internal static class SchemaSlot
{
    public const int Endianness = 0, Fields = 1, CustomMetadata = 2, Features = 3, Count = 4;
}

/// <summary>Slots of table <c>Field</c>.</summary>
internal static class FieldSlot
{
    public const int Name = 0, Nullable = 1, TypeType = 2, Type = 3, Dictionary = 4, Children = 5, CustomMetadata = 6, Count = 7;
}

/// <summary>Slots of tables <c>Int</c>, <c>FloatingPoint</c>, <c>Timestamp</c>, <c>DictionaryEncoding</c>.</summary>
internal static class TypeSlot
{
    public const int IntBitWidth = 0, IntIsSigned = 1, IntCount = 2;
    public const int FloatPrecision = 0, FloatCount = 1;
    public const int TimestampUnit = 0, TimestampTimezone = 1, TimestampCount = 2;
    public const int DictionaryId = 0, DictionaryIndexType = 1, DictionaryIsOrdered = 2, DictionaryKind = 3, DictionaryCount = 4;
    public const short PrecisionHalf = 0, PrecisionSingle = 1, PrecisionDouble = 2;
}

/// <summary>Slots of tables <c>RecordBatch</c> and <c>DictionaryBatch</c>.</summary>
internal static class BatchSlot
{
    public const int Length = 0, Nodes = 1, Buffers = 2, Compression = 3, RecordBatchCount = 4;
    public const int DictionaryId = 0, DictionaryData = 1, DictionaryIsDelta = 2, DictionaryBatchCount = 3;

    /// <summary>Size of struct <c>FieldNode</c> {length: long, null_count: long} and of <c>Buffer</c> {offset: long, length: long}.</summary>
    public const int NodeSize = 16, BufferSize = 16;
}

/// <summary>Slots of table <c>Footer</c> and the layout of struct <c>Block</c>.</summary>
internal static class FooterSlot
{
    public const int Version = 0, Schema = 1, Dictionaries = 2, RecordBatches = 3, Count = 4;

    /// <summary>Size of struct <c>Block</c> {offset: long, metaDataLength: int, (4 bytes padding), bodyLength: long}.</summary>
    public const int BlockSize = 24;
}
