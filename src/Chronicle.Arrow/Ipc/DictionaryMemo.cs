using Chronicle.Arrow.Format;
using Chronicle.Arrow.Internal;

namespace Chronicle.Arrow.Ipc;

/// <summary>
/// The dictionaries read so far, by id: a DictionaryBatch replaces its id's dictionary, a delta
/// (isDelta) appends to it. Batches keep the dictionary object current when they were read.
/// </summary>
internal sealed class DictionaryMemo
{
    private readonly Dictionary<long, ArrowArray> _dictionaries = [];

    public IReadOnlyDictionary<long, ArrowArray> Current => _dictionaries;

    public void Apply(ArrowSchema schema, DictionaryBatchInfo info, ReadOnlyMemory<byte> body)
    {
        ArrowField? field = null;
        foreach (var f in schema.Fields)
            if (f.DictionaryId == info.Id) { field = f; break; }
        if (field is null) throw MetadataReader.Invalid($"a dictionary batch has id {info.Id}, which no field of the schema uses");
        var values = RecordBatchDecoder.DecodeDictionary(field, info.Data, body);
        if (info.IsDelta)
        {
            if (!_dictionaries.TryGetValue(info.Id, out var existing))
                throw MetadataReader.Invalid($"a delta dictionary batch for id {info.Id} arrived before any dictionary for it");
            values = Concat(existing, values);
        }
        _dictionaries[info.Id] = values;
    }

    private static ArrowArray Concat(ArrowArray a, ArrowArray b)
    {
        long bytes = (long)a.ValueData.Length + b.ValueData.Length;
        if (bytes > int.MaxValue || (long)a.Length + b.Length > int.MaxValue)
            throw MetadataReader.Unsupported("a dictionary larger than 2 GiB");
        var ao = a.ValueOffsets;
        var bo = b.ValueOffsets;
        int n = a.Length + b.Length;
        var offsets = new int[n + 1];
        var data = new byte[(ao[^1] - ao[0]) + (bo[^1] - bo[0])];
        a.ValueData.Slice(ao[0], ao[^1] - ao[0]).CopyTo(data);
        b.ValueData.Slice(bo[0], bo[^1] - bo[0]).CopyTo(data.AsSpan(ao[^1] - ao[0]));
        for (int i = 0; i <= a.Length; i++) offsets[i] = ao[i] - ao[0];
        int shift = ao[^1] - ao[0];
        for (int i = 1; i <= b.Length; i++) offsets[a.Length + i] = shift + bo[i] - bo[0];
        byte[]? validity = null;
        int nulls = a.NullCount + b.NullCount;
        if (nulls != 0)
        {
            validity = new byte[Bitmap.ByteLength(n)];
            for (int i = 0; i < n; i++)
                if (!(i < a.Length ? a.IsNull(i) : b.IsNull(i - a.Length))) validity[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new ArrowArray(ArrowType.Utf8, n, nulls, validity, CastMemoryManager<int>.AsBytes(offsets), data, null);
    }
}
