namespace Chronicle.Sql.Execution;

/// <summary>
/// One column of a <see cref="ColumnBatch"/>: a typed array plus an optional null mask, the same
/// shape as an Arrow array so export copies buffers rather than rows.
/// </summary>
public sealed class ColumnVector
{
    /// <summary>Creates a vector over existing arrays (not copied); exactly the array matching <paramref name="type"/> is used.</summary>
    public ColumnVector(ResultType type, int length, long[]? int64s = null, double[]? doubles = null, bool[]? booleans = null, string?[]? strings = null, bool[]? nulls = null)
    {
        Type = type;
        Length = length;
        Int64s = int64s;
        Doubles = doubles;
        Booleans = booleans;
        Strings = strings;
        Nulls = nulls;
    }

    /// <summary>Value type.</summary>
    public ResultType Type { get; }

    /// <summary>Number of values (the batch's row count).</summary>
    public int Length { get; }

    /// <summary>Values of Timestamp (nanoseconds) and BigInt columns.</summary>
    public long[]? Int64s { get; }

    /// <summary>Values of Double columns.</summary>
    public double[]? Doubles { get; }

    /// <summary>Values of Boolean columns.</summary>
    public bool[]? Booleans { get; }

    /// <summary>Values of VarChar columns (null entries are NULL).</summary>
    public string?[]? Strings { get; }

    /// <summary>Null mask (true = NULL), or null when the vector has no NULLs. For VarChar a null string is also NULL.</summary>
    public bool[]? Nulls { get; }

    /// <summary>Whether row <paramref name="row"/> is NULL.</summary>
    public bool IsNull(int row) =>
        Type == ResultType.Null || (Nulls is not null && Nulls[row]) || (Type == ResultType.VarChar && Strings![row] is null);

    /// <summary>The value at <paramref name="row"/> boxed (long nanoseconds for Timestamp), or null for NULL.</summary>
    public object? GetValue(int row)
    {
        if (IsNull(row)) return null;
        return Type switch
        {
            ResultType.Timestamp or ResultType.BigInt => Int64s![row],
            ResultType.Double => Doubles![row],
            ResultType.Boolean => Booleans![row],
            ResultType.VarChar => Strings![row],
            _ => null,
        };
    }
}

/// <summary>A batch of result rows in columnar form (at most a few thousand rows).</summary>
/// <param name="RowCount">Rows in the batch.</param>
/// <param name="Columns">One vector per result column, each of length <paramref name="RowCount"/>.</param>
public sealed record ColumnBatch(int RowCount, IReadOnlyList<ColumnVector> Columns)
{
    /// <summary>
    /// The pooled arrays under this batch, or null: a consumer that is done with the batch for good
    /// releases them for the scan's next batches (<see cref="BatchLease.Release"/>).
    /// </summary>
    internal BatchLease? Lease { get; init; }
}
