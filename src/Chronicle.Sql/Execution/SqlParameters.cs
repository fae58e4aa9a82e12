namespace Chronicle.Sql.Execution;

/// <summary>
/// Parameter values for a statement: named (matched case-insensitively, with or without the
/// <c>@</c>, <c>:</c> or <c>$</c> prefix) and positional (<c>?</c> and <c>$1</c>, 1-based).
/// Values are CLR objects: null or DBNull for NULL, double/float/decimal, long/int/short/byte,
/// bool, string, DateTime, DateTimeOffset, TimeSpan.
/// </summary>
public sealed class SqlParameters
{
    private readonly Dictionary<string, object?> _named = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<object?> _positional = [];

    /// <summary>No parameters.</summary>
    public static SqlParameters Empty { get; } = new();

    /// <summary>Adds or replaces a named parameter; the name's prefix (<c>@ : $</c>) is ignored.</summary>
    public SqlParameters Add(string name, object? value)
    {
        _named[StripPrefix(name)] = value is DBNull ? null : value;
        return this;
    }

    /// <summary>Appends a positional parameter (the next ordinal).</summary>
    public SqlParameters AddPositional(object? value)
    {
        _positional.Add(value is DBNull ? null : value);
        return this;
    }

    /// <summary>Removes every parameter, keeping the allocated capacity (a command rebinding for its next execution).</summary>
    /// <exception cref="InvalidOperationException">Called on <see cref="Empty"/>.</exception>
    public void Clear()
    {
        if (ReferenceEquals(this, Empty)) throw new InvalidOperationException("SqlParameters.Empty is shared and cannot be changed");
        _named.Clear();
        _positional.Clear();
    }

    /// <summary>Number of positional parameters.</summary>
    public int PositionalCount => _positional.Count;

    /// <summary>Looks up a named parameter (prefix ignored, case-insensitive).</summary>
    public bool TryGet(string name, out object? value) => _named.TryGetValue(StripPrefix(name), out value);

    /// <summary>Looks up positional parameter <paramref name="ordinal"/> (1-based).</summary>
    public bool TryGet(int ordinal, out object? value)
    {
        if (ordinal >= 1 && ordinal <= _positional.Count) { value = _positional[ordinal - 1]; return true; }
        value = null;
        return false;
    }

    /// <summary>The names of the named parameters (without prefix).</summary>
    public IEnumerable<string> Names => _named.Keys;

    /// <summary>Removes a leading <c>@</c>, <c>:</c> or <c>$</c>.</summary>
    public static string StripPrefix(string name) =>
        name.Length > 0 && name[0] is '@' or ':' or '$' ? name[1..] : name;
}
