using System.Collections.Concurrent;

namespace Chronicle.Storage.Head;

/// <summary>
/// The head chunks of all series written since the last flush. The active memstore takes writes;
/// at a flush it is frozen (no more writes) and stays readable until its segments are live.
/// Thread-safe.
/// </summary>
internal sealed class Memstore
{
    private readonly ConcurrentDictionary<long, MemSeries> _series = new();
    private long _sampleCount;

    public Memstore(long sequence, int chunkSize)
    {
        Sequence = sequence;
        ChunkSize = chunkSize;
    }

    /// <summary>Ordering against segments and tombstones: everything in this memstore is newer than every segment with a lower sequence.</summary>
    public long Sequence { get; }

    public int ChunkSize { get; }

    /// <summary>For a frozen memstore: the WAL position after its last record; replay from here once it is in segments.</summary>
    public Wal.WalPosition FrozenAt { get; set; }

    /// <summary>Samples appended (duplicates counted).</summary>
    public long SampleCount => Interlocked.Read(ref _sampleCount);

    public int SeriesCount => _series.Count;

    public MemSeries GetOrAdd(long seriesId, FieldType type) =>
        _series.TryGetValue(seriesId, out var s) ? s : Add(seriesId, type);

    // Apart from GetOrAdd so the lookup that hits (once per run of every batch) allocates no closure.
    private MemSeries Add(long seriesId, FieldType type) =>
        _series.GetOrAdd(seriesId, static (id, arg) => new MemSeries(id, arg.Type, arg.ChunkSize), (Type: type, ChunkSize));

    public MemSeries? TryGet(long seriesId) => _series.GetValueOrDefault(seriesId);

    public void AddCount(long n) => Interlocked.Add(ref _sampleCount, n);

    /// <summary>The series in increasing ID order.</summary>
    public IEnumerable<MemSeries> SeriesInIdOrder() => _series.Values.OrderBy(s => s.Id);

    /// <summary>Approximate heap bytes of the memstore.</summary>
    public long AllocatedBytes() => _series.Values.Sum(s => s.AllocatedBytes) + _series.Count * 48L;
}
