using System.Runtime.InteropServices;

namespace Chronicle.Storage.Writing;

/// <summary>
/// A batch of samples for <see cref="StorageEngine.WriteAsync"/>: the unit of one WAL Samples
/// record, so a batch is applied all or nothing after a crash. Samples are held as runs of
/// consecutive samples of one series over shared columns (timestamps, 64-bit values, strings).
/// Not thread-safe; reusable after <see cref="Clear"/>.
/// </summary>
public sealed class SampleBatch
{
    private long[] _timestamps;
    private long[] _values;
    private readonly List<string> _strings = [];
    private readonly List<SeriesRun> _runs = [];
    private int _count;

    /// <summary>Creates an empty batch.</summary>
    public SampleBatch() : this(256) { }

    /// <summary>Creates an empty batch with room for <paramref name="capacity"/> samples before it grows.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public SampleBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _timestamps = new long[Math.Max(capacity, 1)];
        _values = new long[Math.Max(capacity, 1)];
    }

    /// <summary>Number of samples in the batch.</summary>
    public int Count => _count;

    /// <summary>The runs: consecutive samples of one series.</summary>
    public IReadOnlyList<SeriesRun> Runs => _runs;

    /// <summary>Timestamps of all samples, in nanoseconds since the Unix epoch, in append order.</summary>
    public ReadOnlySpan<long> Timestamps => _timestamps.AsSpan(0, _count);

    /// <summary>Values of all samples as 64-bit words (see <see cref="FieldType"/>); for VarChar runs, the index into <see cref="Strings"/>.</summary>
    public ReadOnlySpan<long> Values => _values.AsSpan(0, _count);

    /// <summary>VarChar values referenced by <see cref="Values"/>.</summary>
    public IReadOnlyList<string> Strings => _strings;

    /// <summary>Appends a DOUBLE sample.</summary>
    public void Append(long seriesId, long timestamp, double value) =>
        Add(seriesId, FieldType.Double, timestamp, BitConverter.DoubleToInt64Bits(value));

    /// <summary>Appends a BIGINT sample.</summary>
    public void Append(long seriesId, long timestamp, long value) => Add(seriesId, FieldType.BigInt, timestamp, value);

    /// <summary>Appends a BOOLEAN sample.</summary>
    public void Append(long seriesId, long timestamp, bool value) => Add(seriesId, FieldType.Boolean, timestamp, value ? 1 : 0);

    /// <summary>Appends a VARCHAR sample.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null (an absent value is not written).</exception>
    public void Append(long seriesId, long timestamp, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _strings.Add(value);
        Add(seriesId, FieldType.VarChar, timestamp, _strings.Count - 1);
    }

    /// <summary>Appends a value given as a 64-bit word of type <paramref name="type"/> (not VarChar).</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is VarChar.</exception>
    public void AppendBits(long seriesId, FieldType type, long timestamp, long bits)
    {
        if (type == FieldType.VarChar) throw new ArgumentException("VarChar values are appended as strings", nameof(type));
        Add(seriesId, type, timestamp, bits);
    }

    /// <summary>Appends DOUBLE samples of one series, column-wise.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void AppendRange(long seriesId, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values) =>
        AppendRangeBits(seriesId, FieldType.Double, timestamps, MemoryMarshal.Cast<double, long>(values));

    /// <summary>Appends BIGINT samples of one series, column-wise.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void AppendRange(long seriesId, ReadOnlySpan<long> timestamps, ReadOnlySpan<long> values) =>
        AppendRangeBits(seriesId, FieldType.BigInt, timestamps, values);

    /// <summary>Appends samples of one series given as 64-bit words of type <paramref name="type"/> (not VarChar).</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or <paramref name="type"/> is VarChar.</exception>
    public void AppendRangeBits(long seriesId, FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bits)
    {
        if (timestamps.Length != bits.Length) throw new ArgumentException("timestamps and values differ in length");
        if (type == FieldType.VarChar) throw new ArgumentException("VarChar values are appended as strings", nameof(type));
        if (timestamps.Length == 0) return;
        EnsureCapacity(_count + timestamps.Length);
        timestamps.CopyTo(_timestamps.AsSpan(_count));
        bits.CopyTo(_values.AsSpan(_count));
        Extend(seriesId, type, timestamps.Length);
    }

    /// <summary>
    /// Appends <paramref name="count"/> samples of one series (not VarChar) and returns their columns
    /// for the caller to fill, saving a copy (the WAL decoder writes straight into the batch). Until
    /// filled they hold stale values.
    /// </summary>
    internal void AppendRangeUninitialized(long seriesId, FieldType type, int count, out Span<long> timestamps, out Span<long> bits)
    {
        EnsureCapacity(_count + count);
        timestamps = _timestamps.AsSpan(_count, count);
        bits = _values.AsSpan(_count, count);
        Extend(seriesId, type, count);
    }

    /// <summary>Removes every sample; keeps the allocated capacity.</summary>
    public void Clear()
    {
        _count = 0;
        _runs.Clear();
        _strings.Clear();
    }

    private void Add(long seriesId, FieldType type, long timestamp, long bits)
    {
        if (_count == _timestamps.Length) EnsureCapacity(_count + 1);
        _timestamps[_count] = timestamp;
        _values[_count] = bits;
        Extend(seriesId, type, 1);
    }

    private void Extend(long seriesId, FieldType type, int n)
    {
        if (_runs.Count > 0)
        {
            var last = _runs[^1];
            if (last.SeriesId == seriesId && last.Type == type)
            {
                _runs[^1] = last with { Count = last.Count + n };
                _count += n;
                return;
            }
        }
        _runs.Add(new SeriesRun(seriesId, type, _count, n));
        _count += n;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _timestamps.Length) return;
        int size = Math.Max(needed, _timestamps.Length * 2);
        Array.Resize(ref _timestamps, size);
        Array.Resize(ref _values, size);
    }
}

/// <summary>Consecutive samples of one series inside a <see cref="SampleBatch"/>.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Type">Value type of the samples (must match the series' type when written).</param>
/// <param name="Start">Index of the first sample in the batch's columns.</param>
/// <param name="Count">Number of samples.</param>
public readonly record struct SeriesRun(long SeriesId, FieldType Type, int Start, int Count);
