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
/// Reads a table's rows: for each tag set (in canonical order) it merges the sorted sample streams
/// of its field series by timestamp into rows (a field without a sample at a timestamp is NULL),
/// and emits batches of up to <see cref="Operator.BatchSize"/> rows with every column of the table
/// (fields not read are NULL). Rows come out ordered by (tag set, time). Memory: one block per
/// field series being merged plus the batch.
/// </summary>
internal sealed class TableScanOperator : Operator
{
    private readonly ReadView _view;
    private readonly ScanScope _scan;
    private readonly IReadOnlyList<TagSetSeries> _tagSets;
    private readonly long _minTime, _maxTime;
    private readonly int _batchSize;
    private readonly bool[] _read;
    private int _nextTagSet;
    private Cursor[]? _cursors;
    private string?[] _currentTags = [];

    /// <param name="view">The snapshot to read.</param>
    /// <param name="scan">The table's columns.</param>
    /// <param name="tagSets">The tag sets to read, in output order.</param>
    /// <param name="minTime">Inclusive lower time bound, nanoseconds.</param>
    /// <param name="maxTime">Inclusive upper time bound, nanoseconds.</param>
    /// <param name="batchSize">Rows per batch (and samples per storage block).</param>
    public TableScanOperator(ReadView view, ScanScope scan, IReadOnlyList<TagSetSeries> tagSets, long minTime, long maxTime, int batchSize = BatchSize)
    {
        _batchSize = batchSize;
        _read = new bool[scan.Columns.Count];
        foreach (var ts in tagSets) foreach (var f in ts.Fields) _read[f.Column] = true;
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
        var columns = _scan.Table.Columns;
        int width = columns.Count;
        int BatchSize = _batchSize;
        var time = new long[BatchSize];
        var tagValues = new string?[width][];
        var longs = new long[width][];
        var doubles = new double[width][];
        var bools = new bool[width][];
        var nulls = new bool[width][];
        for (int c = 0; c < width; c++)
        {
            if (c == _scan.TimeIndex) continue;
            var col = columns[c];
            if (col.Role == ColumnRole.Tag) { tagValues[c] = new string?[BatchSize]; continue; }
            if (!_read[c]) continue; // never read: an all-NULL vector below
            nulls[c] = new bool[BatchSize];
            switch (col.Type)
            {
                case FieldType.Double: doubles[c] = new double[BatchSize]; break;
                case FieldType.BigInt: longs[c] = new long[BatchSize]; break;
                case FieldType.Boolean: bools[c] = new bool[BatchSize]; break;
                default: tagValues[c] = new string?[BatchSize]; break;
            }
        }
        bool[] readColumn = new bool[width];
        int n = 0;
        while (n < BatchSize)
        {
            if (_cursors is null && !OpenNextTagSet()) break;
            var cursors = _cursors!;
            long t = long.MaxValue;
            bool any = false;
            foreach (var cur in cursors)
                if (cur.Block is not null) { any = true; t = Math.Min(t, cur.Time); }
            if (!any) { CloseCursors(); continue; }
            time[n] = t;
            for (int c = 0; c < width; c++)
                if (columns[c].Role == ColumnRole.Tag) tagValues[c][n] = _currentTags[c];
                else if (nulls[c] is not null) nulls[c][n] = true;
            foreach (var cur in cursors)
            {
                if (cur.Block is null || cur.Time != t) continue;
                int c = cur.Column;
                readColumn[c] = true;
                nulls[c][n] = false;
                var block = cur.Block;
                switch (cur.Type)
                {
                    case FieldType.Double: doubles[c][n] = BitConverter.Int64BitsToDouble(block.Values[cur.Position]); break;
                    case FieldType.BigInt: longs[c][n] = block.Values[cur.Position]; break;
                    case FieldType.Boolean: bools[c][n] = block.Values[cur.Position] != 0; break;
                    default: tagValues[c][n] = block.Strings![cur.Position]; break;
                }
                cur.Advance();
            }
            n++;
        }
        if (n == 0) return null;
        var vectors = new ColumnVector[width];
        for (int c = 0; c < width; c++)
        {
            var type = _scan.Columns[c].Type;
            if (c == _scan.TimeIndex) vectors[c] = new ColumnVector(ResultType.Timestamp, n, int64s: Trim(time, n));
            else if (columns[c].Role == ColumnRole.Tag) vectors[c] = new ColumnVector(ResultType.VarChar, n, strings: Trim(tagValues[c], n));
            else if (!readColumn[c]) vectors[c] = Vectors.AllNull(type, n);
            else
            {
                var mask = Trim(nulls[c], n);
                vectors[c] = type switch
                {
                    ResultType.Double => new ColumnVector(type, n, doubles: Trim(doubles[c], n), nulls: mask),
                    ResultType.BigInt => new ColumnVector(type, n, int64s: Trim(longs[c], n), nulls: mask),
                    ResultType.Boolean => new ColumnVector(type, n, booleans: Trim(bools[c], n), nulls: mask),
                    _ => new ColumnVector(type, n, strings: Trim(tagValues[c], n), nulls: mask),
                };
            }
        }
        return new ColumnBatch(n, vectors);
    }

    private static T[] Trim<T>(T[] a, int n)
    {
        if (a.Length == n) return a;
        var r = new T[n];
        Array.Copy(a, r, n);
        return r;
    }

    private bool OpenNextTagSet()
    {
        while (_nextTagSet < _tagSets.Count)
        {
            var ts = _tagSets[_nextTagSet++];
            var columns = _scan.Table.Columns;
            _currentTags = new string?[columns.Count];
            for (int c = 0; c < columns.Count; c++)
                if (columns[c].Role == ColumnRole.Tag) _currentTags[c] = ts.Tags[columns[c].Name];
            _cursors = ts.Fields.Select(f => new Cursor(_view.Read(f.SeriesId, _minTime, _maxTime, null, _batchSize).GetEnumerator(), f.Column, f.Type)).ToArray();
            if (_cursors.Any(c => c.Block is not null)) return true;
            CloseCursors();
        }
        return false;
    }

    private void CloseCursors()
    {
        if (_cursors is null) return;
        foreach (var c in _cursors) c.Dispose();
        _cursors = null;
    }

    public override void Dispose() => CloseCursors();

    /// <summary>The read position in one field series.</summary>
    private sealed class Cursor : IDisposable
    {
        private readonly IEnumerator<SampleBlock> _blocks;

        public Cursor(IEnumerator<SampleBlock> blocks, int column, FieldType type)
        {
            _blocks = blocks;
            Column = column;
            Type = type;
            Position = -1;
            Advance();
        }

        public int Column { get; }
        public FieldType Type { get; }
        public SampleBlock? Block { get; private set; }
        public int Position { get; private set; }
        public long Time => Block!.Timestamps[Position];

        public void Advance()
        {
            Position++;
            while (Block is null || Position >= Block.Count)
            {
                if (Block is null && Position > 0) return;
                if (!_blocks.MoveNext()) { Block = null; Position = 1; return; }
                Block = _blocks.Current;
                Position = 0;
                if (Block.Summary is not null) throw new InvalidOperationException("a row scan received a chunk summary");
            }
        }

        public void Dispose() => _blocks.Dispose();
    }
}
