using System.Collections;
using System.Data.Common;

namespace Chronicle.Data;

/// <summary>
/// The parameters of a <see cref="ChronicleCommand"/> or <see cref="ChronicleBatchCommand"/>. Names
/// are looked up with or without their prefix (<c>@ : $</c>) and case-insensitively, so
/// <c>Parameters["@Host"]</c> finds a parameter added as <c>host</c>.
/// </summary>
public sealed class ChronicleParameterCollection : DbParameterCollection
{
    private readonly List<ChronicleParameter> _items = [];

    internal ChronicleParameterCollection() { }

    /// <inheritdoc/>
    public override int Count => _items.Count;

    /// <inheritdoc/>
    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    /// <summary>The parameter at <paramref name="index"/>.</summary>
    public new ChronicleParameter this[int index]
    {
        get => _items[index];
        set => _items[index] = value;
    }

    /// <summary>The parameter named <paramref name="parameterName"/> (prefix optional, case-insensitive).</summary>
    /// <exception cref="IndexOutOfRangeException">No such parameter.</exception>
    public new ChronicleParameter this[string parameterName]
    {
        get => _items[IndexOfOrThrow(parameterName)];
        set => _items[IndexOfOrThrow(parameterName)] = value;
    }

    /// <summary>Adds a parameter and returns it.</summary>
    public ChronicleParameter Add(ChronicleParameter parameter)
    {
        _items.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a named parameter with a value and returns it.</summary>
    /// <param name="parameterName">The name, with or without prefix.</param>
    /// <param name="value">The value (DBNull.Value for NULL).</param>
    public ChronicleParameter AddWithValue(string parameterName, object? value) => Add(new ChronicleParameter(parameterName, value));

    /// <summary>Adds a positional parameter (matched to <c>?</c> / <c>$n</c> in order) and returns it.</summary>
    public ChronicleParameter AddPositional(object? value) => Add(new ChronicleParameter(null, value));

    /// <summary>Adds a <see cref="ChronicleParameter"/>; returns its index.</summary>
    /// <exception cref="InvalidCastException">The value is not a <see cref="ChronicleParameter"/>.</exception>
    public override int Add(object value)
    {
        _items.Add(Cast(value));
        return _items.Count - 1;
    }

    /// <inheritdoc/>
    public override void AddRange(Array values)
    {
        foreach (var v in values) Add(v);
    }

    /// <inheritdoc/>
    public override void Clear() => _items.Clear();

    /// <inheritdoc/>
    public override bool Contains(object value) => value is ChronicleParameter p && _items.Contains(p);

    /// <inheritdoc/>
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc/>
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    /// <inheritdoc/>
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    public override int IndexOf(object value) => value is ChronicleParameter p ? _items.IndexOf(p) : -1;

    /// <summary>The index of the parameter named <paramref name="parameterName"/> (prefix optional, case-insensitive), or -1.</summary>
    public override int IndexOf(string parameterName)
    {
        var bare = BareName(parameterName);
        for (int i = 0; i < _items.Count; i++)
            if (BareName(_items[i].ParameterName).Equals(bare, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <inheritdoc/>
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));

    /// <inheritdoc/>
    public override void Remove(object value) => _items.Remove(Cast(value));

    /// <inheritdoc/>
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc/>
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOfOrThrow(parameterName));

    /// <inheritdoc/>
    protected override DbParameter GetParameter(int index) => _items[index];

    /// <inheritdoc/>
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOfOrThrow(parameterName)];

    /// <inheritdoc/>
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);

    /// <inheritdoc/>
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOfOrThrow(parameterName)] = Cast(value);

    /// <summary>The name without its prefix (<c>@ : $</c>), without allocating (Dapper looks names up once per parameter).</summary>
    private static ReadOnlySpan<char> BareName(string? name) =>
        string.IsNullOrEmpty(name) ? [] : name[0] is '@' or ':' or '$' ? name.AsSpan(1) : name.AsSpan();

    private int IndexOfOrThrow(string parameterName)
    {
        var i = IndexOf(parameterName);
        if (i < 0) throw Internal.Errors.NoSuchParameter(parameterName);
        return i;
    }

    private static ChronicleParameter Cast(object? value) => value as ChronicleParameter
        ?? throw Internal.Errors.WrongItemType(typeof(ChronicleParameter), value);
}
