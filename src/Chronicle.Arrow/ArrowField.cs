namespace Chronicle.Arrow;

/// <summary>
/// A named column of an <see cref="ArrowSchema"/>: its value type, nullability and, for
/// dictionary-encoded columns, the dictionary id.
/// </summary>
/// <remarks>
/// A dictionary-encoded field has value type <see cref="ArrowType.Utf8"/> and int32 indices; its
/// dictionaries travel in DictionaryBatch messages identified by <see cref="DictionaryId"/>.
/// </remarks>
public sealed class ArrowField
{
    /// <summary>Creates a field.</summary>
    /// <param name="name">Column name (may be empty, not null).</param>
    /// <param name="type">Value type.</param>
    /// <param name="nullable">Whether the column may hold nulls.</param>
    /// <param name="dictionaryId">
    /// Set to make the field dictionary-encoded (Utf8 only); each dictionary-encoded field of a
    /// schema needs its own id.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="type"/> is null.</exception>
    /// <exception cref="ArgumentException">A dictionary id was given for a type other than Utf8.</exception>
    public ArrowField(string name, ArrowType type, bool nullable = true, long? dictionaryId = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(type);
        if (dictionaryId is not null && type.Id != ArrowTypeId.Utf8)
            throw new ArgumentException($"Only Utf8 fields can be dictionary-encoded; field '{name}' is {type}.", nameof(dictionaryId));
        Name = name;
        Type = type;
        IsNullable = nullable;
        DictionaryId = dictionaryId;
    }

    /// <summary>Creates a dictionary-encoded Utf8 field (int32 indices), as used for tag columns.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="dictionaryId">The dictionary id, unique within the schema.</param>
    /// <param name="nullable">Whether the column may hold nulls.</param>
    public static ArrowField DictionaryUtf8(string name, long dictionaryId, bool nullable = true) =>
        new(name, ArrowType.Utf8, nullable, dictionaryId);

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The value type (for a dictionary-encoded field, the type of the dictionary's values).</summary>
    public ArrowType Type { get; }

    /// <summary>Whether the column may contain nulls.</summary>
    public bool IsNullable { get; }

    /// <summary>The dictionary id, or null when the field is not dictionary-encoded.</summary>
    public long? DictionaryId { get; }

    /// <summary>Whether the field is dictionary-encoded.</summary>
    public bool IsDictionaryEncoded => DictionaryId is not null;

    /// <summary>A readable description such as <c>host: Utf8 (dictionary 0), nullable</c>.</summary>
    public override string ToString() =>
        $"{Name}: {Type}{(DictionaryId is { } id ? $" (dictionary {id})" : "")}{(IsNullable ? ", nullable" : "")}";
}
