namespace Chronicle.Arrow;

/// <summary>
/// A record batch: equal-length columns matching an <see cref="ArrowSchema"/>, the unit written and
/// read by the IPC writers and readers.
/// </summary>
public sealed class ArrowRecordBatch
{
    private readonly ArrowArray[] _columns;

    /// <summary>Creates a batch whose length is that of its columns.</summary>
    /// <exception cref="ArgumentException">See <see cref="ArrowRecordBatch(ArrowSchema, int, IReadOnlyList{ArrowArray})"/>; also when the schema has no fields (give the length then).</exception>
    public ArrowRecordBatch(ArrowSchema schema, IReadOnlyList<ArrowArray> columns)
        : this(schema, LengthOf(columns), columns)
    {
    }

    private static int LengthOf(IReadOnlyList<ArrowArray> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("A batch without columns needs an explicit length.", nameof(columns));
        return columns[0]?.Length ?? throw new ArgumentNullException(nameof(columns), "Column 0 is null.");
    }

    /// <summary>Creates a batch.</summary>
    /// <param name="schema">The schema the columns follow.</param>
    /// <param name="length">Number of rows; every column must have this length.</param>
    /// <param name="columns">One column per schema field, in order.</param>
    /// <exception cref="ArgumentNullException">An argument or column is null.</exception>
    /// <exception cref="ArgumentException">
    /// The column count differs from the field count, a column's type, dictionary encoding or length
    /// does not match its field, or a non-nullable field's column has nulls.
    /// </exception>
    public ArrowRecordBatch(ArrowSchema schema, int length, IReadOnlyList<ArrowArray> columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (columns.Count != schema.Fields.Count)
            throw new ArgumentException($"The schema has {schema.Fields.Count} fields but {columns.Count} columns were given.", nameof(columns));
        _columns = new ArrowArray[columns.Count];
        for (int i = 0; i < _columns.Length; i++)
        {
            var field = schema.Fields[i];
            var column = columns[i] ?? throw new ArgumentNullException(nameof(columns), $"Column {i} ('{field.Name}') is null.");
            if (!column.Type.Equals(field.Type) || column.IsDictionaryEncoded != field.IsDictionaryEncoded)
                throw new ArgumentException(
                    $"Column {i} ('{field.Name}') is {(column.IsDictionaryEncoded ? "dictionary-encoded " : "")}{column.Type}; the field is {field}.", nameof(columns));
            if (column.Length != length)
                throw new ArgumentException($"Column {i} ('{field.Name}') has {column.Length} values; the batch has {length} rows.", nameof(columns));
            if (!field.IsNullable && column.NullCount != 0 && field.Type.Id != ArrowTypeId.Null)
                throw new ArgumentException($"Column {i} ('{field.Name}') has {column.NullCount} nulls but the field is not nullable.", nameof(columns));
            _columns[i] = column;
        }
        Schema = schema;
        Length = length;
    }

    /// <summary>The schema.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int Length { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<ArrowArray> Columns => _columns;

    /// <summary>The column at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a column index.</exception>
    public ArrowArray Column(int index) =>
        (uint)index < (uint)_columns.Length ? _columns[index] : throw new ArgumentOutOfRangeException(nameof(index), index, $"The batch has {_columns.Length} columns.");

    /// <summary>The first column named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No field has that name.</exception>
    public ArrowArray Column(string name)
    {
        int index = Schema.GetFieldIndex(name);
        return index >= 0 ? _columns[index] : throw new KeyNotFoundException($"The batch has no column '{name}'.");
    }
}
