namespace Chronicle.Sql.Execution.Operators;

/// <summary>A row of boxed values with structural equality (a grouping or DISTINCT key).</summary>
internal sealed class RowKey : IEquatable<RowKey>
{
    private readonly int _hash;

    public RowKey(object?[] values)
    {
        Values = values;
        var h = new HashCode();
        foreach (var v in values) h.Add(v);
        _hash = h.ToHashCode();
    }

    public object?[] Values { get; }

    public bool Equals(RowKey? other)
    {
        if (other is null || other._hash != _hash || other.Values.Length != Values.Length) return false;
        for (int i = 0; i < Values.Length; i++) if (!Equals(Values[i], other.Values[i])) return false;
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RowKey);

    public override int GetHashCode() => _hash;
}
