using Chronicle.Sql.Planning;
using Chronicle.Storage;
using Chronicle.Storage.Reading;

namespace Chronicle.Sql.Execution;

/// <summary>
/// The running state of one aggregate for one group. Values arrive non-NULL, one row at a time
/// (with the row's timestamp, for first/last), or as a whole chunk's <see cref="ChunkSummary"/>
/// under aggregate pushdown.
/// </summary>
internal abstract class Accumulator
{
    /// <summary>Adds row <paramref name="row"/> of <paramref name="v"/> (not NULL) at <paramref name="time"/>.</summary>
    public abstract void Add(ColumnVector v, int row, long time);

    /// <summary>
    /// Adds rows <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) of
    /// <paramref name="v"/> (none NULL), row r at <paramref name="times"/>[r]; the same as calling
    /// <see cref="Add"/> for each row in order, without a virtual call per row where overridden.
    /// </summary>
    public virtual void AddRange(ColumnVector v, int from, int to, long[] times)
    {
        for (int r = from; r < to; r++) Add(v, r, times[r]);
    }

    /// <summary>Adds a whole chunk's statistics (only for aggregates the planner pushes down).</summary>
    public virtual void AddSummary(in ChunkSummary s, FieldType type) =>
        throw new InvalidOperationException($"{GetType().Name} cannot fold a chunk summary");

    /// <summary>Adds a row time, nanoseconds (only min/max over the time column, under pushdown).</summary>
    public virtual void AddTime(long time) =>
        throw new InvalidOperationException($"{GetType().Name} cannot fold a row time");

    /// <summary>The aggregate's value (boxed SQL value or null).</summary>
    public abstract object? Result();

    /// <summary>A fresh state for <paramref name="spec"/>.</summary>
    public static Accumulator Create(AggregateSpec spec) => spec.Function switch
    {
        "count" => spec.Distinct ? new CountDistinct() : new Count(),
        "sum" => spec.Type == ResultType.BigInt ? new SumLong() : new SumDouble(),
        "avg" => new Avg(),
        "min" => new MinMax(spec.Type, max: false),
        "max" => new MinMax(spec.Type, max: true),
        "first" => new FirstLast(spec.Type, last: false),
        "last" => new FirstLast(spec.Type, last: true),
        "stddev" => new Moments(sample: true, sqrt: true),
        "stddev_pop" => new Moments(sample: false, sqrt: true),
        "variance" => new Moments(sample: true, sqrt: false),
        "var_pop" => new Moments(sample: false, sqrt: false),
        "percentile_cont" => new Percentile(spec.Fraction, continuous: true, spec.Type),
        "percentile_disc" => new Percentile(spec.Fraction, continuous: false, spec.Type),
        "spread" => new Spread(),
        "rate" => new Rate(),
        _ => throw new InvalidOperationException($"unknown aggregate {spec.Function}"),
    };

    /// <summary>A 64-bit storage word of type <paramref name="type"/> as a boxed SQL value.</summary>
    protected static object WordValue(long word, FieldType type) => type switch
    {
        FieldType.Double => BitConverter.Int64BitsToDouble(word),
        FieldType.Boolean => word != 0,
        _ => word,
    };

    private sealed class Count : Accumulator
    {
        private long _n;
        public override void Add(ColumnVector v, int row, long time) => _n++;
        public override void AddRange(ColumnVector v, int from, int to, long[] times) => _n += to - from;
        public override void AddSummary(in ChunkSummary s, FieldType type) => _n += s.Count;
        public override object? Result() => _n;
    }

    private sealed class CountDistinct : Accumulator
    {
        private readonly HashSet<object> _seen = [];
        public override void Add(ColumnVector v, int row, long time) => _seen.Add(v.GetValue(row)!);
        public override object? Result() => (long)_seen.Count;
    }

    /// <summary>Neumaier's compensated summation (Neumaier 1974), so chunk-summary folding and row folding agree closely.</summary>
    private sealed class SumDouble : Accumulator
    {
        private double _sum, _c;
        private bool _any;
        public void AddValue(double x)
        {
            double t = _sum + x;
            _c += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
            _sum = t;
            _any = true;
        }
        public override void Add(ColumnVector v, int row, long time) => AddValue(Vectors.GetDouble(v, row));
        public override void AddRange(ColumnVector v, int from, int to, long[] times)
        {
            if (v.Doubles is not { } d) { base.AddRange(v, from, to, times); return; }
            for (int r = from; r < to; r++) AddValue(d[r]);
        }
        public override void AddSummary(in ChunkSummary s, FieldType type) { if (s.Count > 0) AddValue(s.Sum); }
        public override object? Result() => _any ? _sum + _c : null;
    }

    private sealed class SumLong : Accumulator
    {
        private long _sum;
        private bool _any;
        public override void Add(ColumnVector v, int row, long time)
        {
            try { _sum = checked(_sum + v.Int64s![row]); } catch (OverflowException) { throw new ChronicleSqlException("sum: bigint out of range", 1, 1); }
            _any = true;
        }
        public override void AddSummary(in ChunkSummary s, FieldType type) { if (s.Count > 0) { _sum += (long)s.Sum; _any = true; } }
        public override object? Result() => _any ? _sum : null;
    }

    private sealed class Avg : Accumulator
    {
        private double _sum, _c;
        private long _n;
        private void AddValue(double x, long n)
        {
            double t = _sum + x;
            _c += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
            _sum = t;
            _n += n;
        }
        public override void Add(ColumnVector v, int row, long time) => AddValue(Vectors.GetDouble(v, row), 1);
        public override void AddRange(ColumnVector v, int from, int to, long[] times)
        {
            if (v.Doubles is not { } d) { base.AddRange(v, from, to, times); return; }
            for (int r = from; r < to; r++) AddValue(d[r], 1);
        }
        public override void AddSummary(in ChunkSummary s, FieldType type) { if (s.Count > 0) AddValue(s.Sum, s.Count); }
        public override object? Result() => _n == 0 ? null : (_sum + _c) / _n;
    }

    private sealed class MinMax(ResultType type, bool max) : Accumulator
    {
        private object? _best;
        private double _bestDouble;
        private bool _any;
        public override void Add(ColumnVector v, int row, long time)
        {
            if (type == ResultType.Double)
            {
                double x = v.Doubles![row];
                if (!_any || (max ? x > _bestDouble : x < _bestDouble)) _bestDouble = x;
                _any = true;
                return;
            }
            var value = v.GetValue(row)!;
            if (_best is null || (max ? Comparer<object>.Default.Compare(value, _best) > 0 : Comparer<object>.Default.Compare(value, _best) < 0)) _best = value;
        }
        public override void AddRange(ColumnVector v, int from, int to, long[] times)
        {
            if (type != ResultType.Double || from >= to) { base.AddRange(v, from, to, times); return; }
            var d = v.Doubles!;
            double best = _any ? _bestDouble : d[from];
            if (max) { for (int r = from; r < to; r++) if (d[r] > best) best = d[r]; }
            else { for (int r = from; r < to; r++) if (d[r] < best) best = d[r]; }
            _bestDouble = best;
            _any = true;
        }
        public override void AddSummary(in ChunkSummary s, FieldType fieldType)
        {
            if (s.Count == 0) return;
            double x = max ? s.Max : s.Min;
            if (type == ResultType.Double)
            {
                if (!_any || (max ? x > _bestDouble : x < _bestDouble)) _bestDouble = x;
                _any = true;
                return;
            }
            object value = (long)x;
            if (_best is null || (max ? Comparer<object>.Default.Compare(value, _best) > 0 : Comparer<object>.Default.Compare(value, _best) < 0)) _best = value;
        }
        public override void AddTime(long time)
        {
            if (_best is null || (max ? time > (long)_best : time < (long)_best)) _best = time;
        }
        public override object? Result() => type == ResultType.Double ? (_any ? _bestDouble : null) : _best;
    }

    private sealed class FirstLast(ResultType type, bool last) : Accumulator
    {
        private object? _value;
        private long _time;
        private bool _any;
        private bool Wins(long time) => !_any || (last ? time >= _time : time < _time);
        public override void Add(ColumnVector v, int row, long time)
        {
            if (Wins(time)) { _time = time; _value = v.GetValue(row); _any = true; }
        }
        public override void AddSummary(in ChunkSummary s, FieldType fieldType)
        {
            if (s.Count == 0) return;
            long time = last ? s.MaxTime : s.MinTime;
            if (Wins(time)) { _time = time; _value = WordValue(last ? s.Last : s.First, fieldType); _any = true; }
        }
        public override object? Result() => _value is long l && type == ResultType.Double ? (double)l : _value;
    }

    /// <summary>Welford's online variance (Welford 1962; Knuth TAOCP vol. 2, 4.2.2).</summary>
    private sealed class Moments(bool sample, bool sqrt) : Accumulator
    {
        private long _n;
        private double _mean, _m2;
        public override void Add(ColumnVector v, int row, long time)
        {
            double x = Vectors.GetDouble(v, row);
            _n++;
            double d = x - _mean;
            _mean += d / _n;
            _m2 += d * (x - _mean);
        }
        public override object? Result()
        {
            long div = sample ? _n - 1 : _n;
            if (div <= 0) return null;
            double variance = _m2 / div;
            return sqrt ? Math.Sqrt(variance) : variance;
        }
    }

    /// <summary>
    /// percentile_cont: linear interpolation between the two nearest ranks, position p·(n−1) as in
    /// PostgreSQL; percentile_disc: the first value whose cumulative distribution reaches p.
    /// </summary>
    private sealed class Percentile(double fraction, bool continuous, ResultType type) : Accumulator
    {
        private readonly List<double> _values = [];
        public override void Add(ColumnVector v, int row, long time) => _values.Add(Vectors.GetDouble(v, row));
        public override object? Result()
        {
            if (_values.Count == 0) return null;
            _values.Sort();
            int n = _values.Count;
            if (!continuous)
            {
                int idx = Math.Max(0, (int)Math.Ceiling(fraction * n) - 1);
                double d = _values[Math.Min(idx, n - 1)];
                return type == ResultType.BigInt ? (long)d : d;
            }
            double pos = fraction * (n - 1);
            int lo = (int)Math.Floor(pos);
            int hi = Math.Min(lo + 1, n - 1);
            double frac = pos - lo;
            return _values[lo] + (_values[hi] - _values[lo]) * frac;
        }
    }

    /// <summary>rate: (last − first) / seconds between the first and the last sample, by time; NULL with fewer than two distinct times.</summary>
    private sealed class Rate : Accumulator
    {
        private long _firstTime = long.MaxValue, _lastTime = long.MinValue;
        private double _first, _last;
        public override void Add(ColumnVector v, int row, long time)
        {
            double x = Vectors.GetDouble(v, row);
            if (time < _firstTime) { _firstTime = time; _first = x; }
            if (time >= _lastTime) { _lastTime = time; _last = x; }
        }
        public override object? Result() => _lastTime > _firstTime ? (_last - _first) / ((_lastTime - _firstTime) / 1e9) : null;
    }

    private sealed class Spread : Accumulator
    {
        private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;
        private bool _any;
        public override void Add(ColumnVector v, int row, long time)
        {
            double x = Vectors.GetDouble(v, row);
            _min = Math.Min(_min, x);
            _max = Math.Max(_max, x);
            _any = true;
        }
        public override object? Result() => _any ? _max - _min : null;
    }
}
