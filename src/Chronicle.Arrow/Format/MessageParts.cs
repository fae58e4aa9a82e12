namespace Chronicle.Arrow.Format;

/// <summary>A <c>FieldNode</c>: one array's length and null count.</summary>
internal readonly record struct FieldNodeInfo(long Length, long NullCount);

/// <summary>A <c>Buffer</c>: a byte range relative to the start of the message body.</summary>
internal readonly record struct BufferInfo(long Offset, long Length);

/// <summary>A file footer <c>Block</c>: where one message sits in the file.</summary>
internal readonly record struct BlockInfo(long Offset, int MetadataLength, long BodyLength);

/// <summary>The decoded header of a <c>RecordBatch</c> (also the data of a <c>DictionaryBatch</c>).</summary>
internal sealed record RecordBatchInfo(long Length, FieldNodeInfo[] Nodes, BufferInfo[] Buffers);

/// <summary>The decoded header of a <c>DictionaryBatch</c>.</summary>
internal sealed record DictionaryBatchInfo(long Id, bool IsDelta, RecordBatchInfo Data);

/// <summary>The decoded file <c>Footer</c>.</summary>
internal sealed record FooterInfo(ArrowSchema Schema, BlockInfo[] Dictionaries, BlockInfo[] RecordBatches);
