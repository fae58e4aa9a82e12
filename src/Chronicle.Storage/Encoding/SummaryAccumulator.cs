using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Encoding;

/// <summary>
/// Builds a <see cref="ChunkSummary"/> one sample at a time.
/// </summary>
/// <remarks>
/// Values are read as doubles: DOUBLE from its bits, BIGINT converted (exact up to 2^53), BOOLEAN
/// as 0 or 1. Min and max skip NaN values and are NaN when every value is NaN (or there are none);
/// the sum is a plain IEEE sum, so a NaN value makes it NaN. VARCHAR chunks have NaN min, max and
/// sum, and 0 as first and last words.
/// </remarks>
internal struct SummaryAccumulator
{
    private readonly FieldType _type;
    private long _minTime;
    private long _maxTime;
    private int _count;
    private double _min;
    private double _max;
    private double _sum;
    private long _first;
    private long _last;

    /// <summary>Creates an empty accumulator for values of <paramref name="type"/>.</summary>
    public SummaryAccumulator(FieldType type)
    {
        _type = type;
        _min = double.NaN;
        _max = double.NaN;
        _sum = type == FieldType.VarChar ? double.NaN : 0;
    }

    /// <summary>Adds one sample; <paramref name="bits"/> is the value word (ignored for VARCHAR).</summary>
    public void Add(long timestamp, long bits)
    {
        if (_count == 0)
        {
            _minTime = timestamp;
            _first = bits;
        }

        _maxTime = timestamp;
        _last = bits;
        _count++;
        if (_type == FieldType.VarChar)
        {
            return;
        }

        double value = _type == FieldType.Double ? BitConverter.Int64BitsToDouble(bits) : bits;
        _sum += value;
        if (double.IsNaN(value))
        {
            return;
        }

        if (!(value >= _min))
        {
            _min = value;
        }

        if (!(value <= _max))
        {
            _max = value;
        }
    }

    /// <summary>The summary of the samples added so far.</summary>
    public readonly ChunkSummary Summary => new(_minTime, _maxTime, _count, _min, _max, _sum, _first, _last);
}
