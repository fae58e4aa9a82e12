namespace Chronicle.Sql.Execution.Operators;

/// <summary>
/// <c>ORDER BY time</c> without a sort: merges inputs that are each already in time order (one
/// table scan per tag set) with a priority queue keyed by (time, input), so the output streams in
/// time order while holding one small batch per input. Ties go to the earlier input (tag sets in
/// canonical order).
/// </summary>
internal sealed class TimeMergeOperator(IReadOnlyList<Operator> inputs, int timeIndex) : Operator
{
    private readonly ColumnBatch?[] _batches = new ColumnBatch?[inputs.Count];
    private readonly int[] _positions = new int[inputs.Count];
    private PriorityQueue<int, (long Time, int Input)>? _queue;

    public override IReadOnlyList<ResultColumn> Columns => inputs[0].Columns;

    /// <summary>Per-input batch size that keeps the merge's state near 64 K rows.</summary>
    public static int InputBatchSize(int inputs) => Math.Clamp((1 << 16) / Math.Max(1, inputs), 16, BatchSize);

    public override ColumnBatch? Next(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_queue is null)
        {
            _queue = new PriorityQueue<int, (long, int)>(inputs.Count);
            for (int i = 0; i < inputs.Count; i++) Refill(i, cancellationToken);
        }
        if (_queue.Count == 0) return null;
        var builders = Columns.Select(c => new VectorBuilder(c.Type, BatchSize)).ToArray();
        int n = 0;
        while (n < BatchSize && _queue.TryDequeue(out int input, out _))
        {
            var batch = _batches[input]!;
            int row = _positions[input];
            for (int c = 0; c < builders.Length; c++) builders[c].AppendFrom(batch.Columns[c], row);
            n++;
            _positions[input]++;
            if (_positions[input] < batch.RowCount) _queue.Enqueue(input, (batch.Columns[timeIndex].Int64s![_positions[input]], input));
            else Refill(input, cancellationToken);
        }
        return new ColumnBatch(n, builders.Select(b => b.Build()).ToArray());
    }

    private void Refill(int input, CancellationToken cancellationToken)
    {
        // every row of the input's batch was copied into the output builders: its scan may reuse it
        _batches[input]?.Lease?.Release();
        var batch = inputs[input].Next(cancellationToken);
        while (batch is { RowCount: 0 }) batch = inputs[input].Next(cancellationToken);
        _batches[input] = batch;
        _positions[input] = 0;
        if (batch is not null) _queue!.Enqueue(input, (batch.Columns[timeIndex].Int64s![0], input));
    }

    public override void Dispose()
    {
        foreach (var i in inputs) i.Dispose();
    }
}
