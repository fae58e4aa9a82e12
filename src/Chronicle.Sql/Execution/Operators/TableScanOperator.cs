using Chronicle.Sql.Planning;
using Chronicle.Storage;
using Chronicle.Storage.Catalog;
using Chronicle.Storage.Reading;

namespace Chronicle.Sql.Execution.Operators;

/// <summary>The field series of one tag set, as matched by the read.</summary>
/// <param name="Tags">The tag set.</param>
/// <param name="Fields">(scan column index, series ID, type) of each field series to read.</param>
internal sealed record TagSetSeries(TagSet Tags, IReadOnlyList<(int Column, long SeriesId, FieldType Type)> Fields);

/// <summary>
/// A conjunct of the row filter of the form <c>field op constant</c> over a DOUBLE field: rows
/// where the field has no sample or a value outside it are filtered out anyway, so the scan reads
/// only the time spans where the field's chunks (by their summaries' min and max) may hold a match.
/// </summary>
/// <param name="Column">Scan index of the field.</param>
/// <param name="Operator">Comparison with the field on the left: =, &lt;, &lt;=, &gt; or &gt;=.</param>
/// <param name="Constant">The constant.</param>
internal sealed record ScanPrune(int Column, Syntax.BinaryOperator Operator, double Constant)
{
    /// <summary>Whether some value in [<paramref name="min"/>, <paramref name="max"/>] may satisfy the comparison (true when either is NaN).</summary>
    public bool MayMatch(double min, double max)
    {
        if (double.IsNaN(min) || double.IsNaN(max)) return true;
        return Operator switch
        {
            Syntax.BinaryOperator.Equal => min <= Constant && Constant <= max,
            Syntax.BinaryOperator.Less => min < Constant,
            Syntax.BinaryOperator.LessOrEqual => min <= Constant,
            Syntax.BinaryOperator.Greater => max > Constant,
            Syntax.BinaryOperator.GreaterOrEqual => max >= Constant,
            _ => true,
        };
    }

    /// <summary>The conjunct of <paramref name="filter"/> usable for pruning, or null.</summary>
    public static ScanPrune? Find(BoundExpr? filter, ScanScope scan)
    {
        switch (filter)
        {
            case BoundBinary { Operator: Syntax.BinaryOperator.And } and:
                return Find(and.Left, scan) ?? Find(and.Right, scan);
            case BoundBinary b when b.Operator is Syntax.BinaryOperator.Equal or Syntax.BinaryOperator.Less or Syntax.BinaryOperator.LessOrEqual
                or Syntax.BinaryOperator.Greater or Syntax.BinaryOperator.GreaterOrEqual:
            {
                var (column, constant, op) = b.Left is BoundColumn && b.Right is BoundConstant ? (b.Left, b.Right, b.Operator)
                    : b.Right is BoundColumn && b.Left is BoundConstant ? (b.Right, b.Left, Flip(b.Operator)) : (null, null, b.Operator);
                if (column is not BoundColumn c || constant is not BoundConstant { Value: double or long } k) return null;
                var col = scan.Table.Columns[c.Index];
                if (col.Role != ColumnRole.Field || col.Type != FieldType.Double) return null;
                double value = k.Value is long l ? l : (double)k.Value;
                return double.IsNaN(value) ? null : new ScanPrune(c.Index, op, value);
            }
            default:
                return null;
        }
    }

    private static Syntax.BinaryOperator Flip(Syntax.BinaryOperator op) => op switch
    {
        Syntax.BinaryOperator.Less => Syntax.BinaryOperator.Greater,
        Syntax.BinaryOperator.LessOrEqual => Syntax.BinaryOperator.GreaterOrEqual,
        Syntax.BinaryOperator.Greater => Syntax.BinaryOperator.Less,
        Syntax.BinaryOperator.GreaterOrEqual => Syntax.BinaryOperator.LessOrEqual,
        _ => op,
    };
}

/// <summary>
/// Reads a table's rows: for each tag set (in canonical order) it merges the sorted sample streams
/// of its field series by timestamp into rows (a field without a sample at a timestamp is NULL),
/// and emits batches of up to <see cref="Operator.BatchSize"/> rows with every column of the table
/// (fields not read are NULL). Rows come out ordered by (tag set, time). Memory: one block per
/// field series being merged plus the batch.
/// </summary>
/// <remarks>
/// The merge works in runs. Where every field series still open has the same next timestamps (one
/// field per tag set, or fields written row by row at the same times, the usual case), the longest
/// common run of the current blocks is found with one vectorized span comparison per field
/// (<see cref="MemoryExtensions.CommonPrefixLength{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>) and
/// copied as spans: timestamps once, each field's values, the tag values filled. Only where the
/// timestamps differ does it fall back to a row at a time (the smallest next timestamp; fields
/// without a sample there are NULL), and it retries a run after every such row.
/// </remarks>
internal sealed class TableScanOperator : Operator
{
    private readonly ReadView _view;
    private readonly ScanScope _scan;
    private readonly IReadOnlyList<TagSetSeries> _tagSets;
    private readonly long _minTime, _maxTime;
    private readonly int _batchSize;
    private readonly bool[] _read;
    private readonly int[] _readColumns;
    private readonly int[] _tagColumns;
    private readonly bool[] _covered;
    private readonly ScanSharedColumns _shared = new();
    private int _nextTagSet;
    private ScanCursor[]? _cursors;
    private string?[] _currentTags = [];
    private readonly ScanPrune? _prune;

    /// <summary>Time and value arrays of batches a consumer released (<see cref="ColumnBatch.Lease"/>), reused for later batches.</summary>
    private readonly BatchArrayPool _pool;
    private TagSetSeries? _currentSet;
    private List<(long Min, long Max)> _spans = [];
    private int _nextSpan;

    /// <param name="view">The snapshot to read.</param>
    /// <param name="scan">The table's columns.</param>
    /// <param name="tagSets">The tag sets to read, in output order.</param>
    /// <param name="minTime">Inclusive lower time bound, nanoseconds.</param>
    /// <param name="maxTime">Inclusive upper time bound, nanoseconds.</param>
    /// <param name="batchSize">Rows per batch (and samples per storage block).</param>
    /// <param name="prune">A row filter conjunct that limits which time spans are read, or null.</param>
    public TableScanOperator(ReadView view, ScanScope scan, IReadOnlyList<TagSetSeries> tagSets, long minTime, long maxTime, int batchSize = BatchSize, ScanPrune? prune = null)
    {
        _prune = prune;
        _batchSize = batchSize;
        _pool = new BatchArrayPool(batchSize);
        _read = new bool[scan.Columns.Count];
        foreach (var ts in tagSets) foreach (var f in ts.Fields) _read[f.Column] = true;
        _readColumns = Enumerable.Range(0, _read.Length).Where(c => _read[c]).ToArray();
        _tagColumns = Enumerable.Range(0, _read.Length).Where(c => scan.Table.Columns[c].Role == ColumnRole.Tag).ToArray();
        _covered = new bool[_read.Length];
        _view = view;
        _scan = scan;
        _tagSets = tagSets;
        _minTime = minTime;
        _maxTime = maxTime;
    }

    public override IReadOnlyList<ResultColumn> Columns => _scan.Columns;

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = new ScanBatchBuilder(_scan, _read, _tagColumns, _batchSize, _shared, _pool);
        int n = 0;
        while (n < _batchSize)
        {
            if (_cursors is null && !OpenNextTagSet()) break;
            int added = NextRows(batch, n, _batchSize - n);
            if (added == 0) { CloseCursors(); continue; }
            batch.FillTags(_currentTags, n, added);
            n += added;
        }
        return n == 0 ? null : batch.Build(n);
    }

    /// <summary>
    /// Writes the next rows of the open tag set from row <paramref name="row"/>, at most
    /// <paramref name="room"/>: a run of timestamps shared by every open field series, or else the
    /// one row at the smallest next timestamp. Returns the rows written, 0 when the tag set is done.
    /// </summary>
    private int NextRows(ScanBatchBuilder batch, int row, int room)
    {
        var cursors = _cursors!;
        ScanCursor? lead = null;
        int run = room;
        foreach (var cur in cursors)
        {
            if (cur.Block is null) continue;
            lead ??= cur;
            run = Math.Min(run, cur.Remaining);
        }
        if (lead is null) return 0;

        var leadTimes = lead.Times[..run];
        foreach (var cur in cursors)
        {
            if (cur.Block is null || cur == lead) continue;
            run = leadTimes[..run].CommonPrefixLength(cur.Times[..run]);
            if (run == 0) break;
        }
        if (run > 0)
        {
            batch.CopyTimes(leadTimes[..run], row);
            foreach (var cur in cursors)
            {
                if (cur.Block is null) continue;
                batch.CopyValues(cur, row, run);
                _covered[cur.Column] = true;
                cur.Skip(run);
            }
            NullUncovered(batch, row, run);
            return run;
        }

        long t = long.MaxValue;
        foreach (var cur in cursors)
            if (cur.Block is not null) t = Math.Min(t, cur.Time);
        batch.SetTime(row, t);
        foreach (var cur in cursors)
        {
            if (cur.Block is null || cur.Time != t) continue;
            batch.CopyValues(cur, row, 1);
            _covered[cur.Column] = true;
            cur.Skip(1);
        }
        NullUncovered(batch, row, 1);
        return 1;
    }

    /// <summary>Marks the rows NULL in every read field column that received no values for them, and clears the marks.</summary>
    private void NullUncovered(ScanBatchBuilder batch, int row, int count)
    {
        foreach (int c in _readColumns)
        {
            if (_covered[c]) _covered[c] = false;
            else batch.SetNull(c, row, count);
        }
    }

    private bool OpenNextTagSet()
    {
        while (true)
        {
            if (_currentSet is not null && _nextSpan < _spans.Count)
            {
                var (lo, hi) = _spans[_nextSpan++];
                _cursors = _currentSet.Fields.Select(f => new ScanCursor(_view.Read(f.SeriesId, lo, hi, null, _batchSize, reuseArrays: true).GetEnumerator(), f.Column, f.Type)).ToArray();
                if (_cursors.Any(c => c.Block is not null)) return true;
                CloseCursors();
                continue;
            }
            if (_nextTagSet >= _tagSets.Count) return false;
            var ts = _tagSets[_nextTagSet++];
            var columns = _scan.Table.Columns;
            _currentTags = new string?[columns.Count];
            for (int c = 0; c < columns.Count; c++)
                if (columns[c].Role == ColumnRole.Tag) _currentTags[c] = ts.Tags[columns[c].Name];
            _currentSet = ts;
            _spans = _prune is null ? [(_minTime, _maxTime)] : MatchingSpans(ts);
            _nextSpan = 0;
        }
    }

    /// <summary>The time spans of the tag set where the pruning field may satisfy its comparison, merged, in time order.</summary>
    private List<(long Min, long Max)> MatchingSpans(TagSetSeries ts)
    {
        var spans = new List<(long Min, long Max)>();
        var prune = _prune!;
        foreach (var f in ts.Fields)
        {
            if (f.Column != prune.Column) continue;
            foreach (var block in _view.Read(f.SeriesId, _minTime, _maxTime, (_, _) => true))
            {
                long lo, hi;
                if (block.Summary is { } s)
                {
                    if (!prune.MayMatch(s.Min, s.Max)) continue;
                    (lo, hi) = (s.MinTime, s.MaxTime);
                }
                else
                {
                    var values = block.Doubles;
                    int first = -1, last = -1;
                    for (int i = 0; i < block.Count; i++)
                        if (prune.MayMatch(values[i], values[i])) { if (first < 0) first = i; last = i; }
                    if (first < 0) continue;
                    (lo, hi) = (block.Timestamps[first], block.Timestamps[last]);
                }
                if (spans.Count > 0 && lo <= spans[^1].Max + 1) spans[^1] = (spans[^1].Min, Math.Max(spans[^1].Max, hi));
                else spans.Add((lo, hi));
            }
        }
        return spans;
    }

    private void CloseCursors()
    {
        if (_cursors is null) return;
        foreach (var c in _cursors) c.Dispose();
        _cursors = null;
    }

    public override void Dispose() => CloseCursors();
}
