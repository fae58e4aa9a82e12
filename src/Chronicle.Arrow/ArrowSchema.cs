namespace Chronicle.Arrow;

/// <summary>The columns of a stream or file of record batches, in order.</summary>
public sealed class ArrowSchema
{
    private readonly ArrowField[] _fields;

    /// <summary>Creates a schema.</summary>
    /// <param name="fields">The columns, in order (names need not be unique).</param>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">Two dictionary-encoded fields share a dictionary id.</exception>
    public ArrowSchema(IEnumerable<ArrowField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = fields.ToArray();
        var ids = new HashSet<long>();
        foreach (var field in _fields)
        {
            if (field is null) throw new ArgumentNullException(nameof(fields), "A schema field is null.");
            if (field.DictionaryId is { } id && !ids.Add(id))
                throw new ArgumentException($"Dictionary id {id} is used by more than one field.", nameof(fields));
        }
    }

    /// <summary>Creates a schema from fields given inline.</summary>
    public ArrowSchema(params ArrowField[] fields) : this((IEnumerable<ArrowField>)fields)
    {
    }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<ArrowField> Fields => _fields;

    /// <summary>The index of the first field named <paramref name="name"/> (ordinal comparison), or -1.</summary>
    public int GetFieldIndex(string name)
    {
        for (int i = 0; i < _fields.Length; i++)
            if (string.Equals(_fields[i].Name, name, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>A one-line description of the fields.</summary>
    public override string ToString() => "Schema(" + string.Join("; ", _fields.Select(f => f.ToString())) + ")";
}
