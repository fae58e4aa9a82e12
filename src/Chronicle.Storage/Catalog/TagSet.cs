using System.Text;

namespace Chronicle.Storage.Catalog;

/// <summary>
/// The tag values that identify a row's series: (tag name, value) pairs sorted by name, with empty
/// or null values omitted (a missing tag and an empty one are the same). Immutable.
/// </summary>
public sealed class TagSet : IEquatable<TagSet>
{
    private readonly KeyValuePair<string, string>[] _pairs;

    /// <summary>The tag set with no tags.</summary>
    public static TagSet Empty { get; } = new([]);

    private TagSet(KeyValuePair<string, string>[] sortedPairs)
    {
        _pairs = sortedPairs;
        Canonical = BuildCanonical(sortedPairs);
    }

    /// <summary>Builds a tag set, sorting by name and dropping null or empty values.</summary>
    /// <exception cref="ArgumentException">A tag name appears twice.</exception>
    public static TagSet Create(IEnumerable<KeyValuePair<string, string?>> tags)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in tags)
            if (!string.IsNullOrEmpty(v)) list.Add(new(k, v));
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (int i = 1; i < list.Count; i++)
            if (list[i].Key == list[i - 1].Key) throw new ArgumentException($"tag '{list[i].Key}' appears twice");
        return list.Count == 0 ? Empty : new TagSet(list.ToArray());
    }

    /// <summary>The pairs, sorted by tag name (ordinal).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>Number of tags with a value.</summary>
    public int Count => _pairs.Length;

    /// <summary>The value of tag <paramref name="name"/>, or null when absent.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var p in _pairs) if (p.Key == name) return p.Value;
            return null;
        }
    }

    /// <summary>
    /// The canonical text form, <c>name=value,name=value</c> in name order with <c>\</c>, <c>,</c>
    /// and <c>=</c> escaped by a backslash; equal tag sets have equal canonical forms.
    /// </summary>
    public string Canonical { get; }

    /// <summary>Parses a <see cref="Canonical"/> form back into a tag set.</summary>
    /// <exception cref="FormatException">The text is not a canonical tag set.</exception>
    public static TagSet Parse(string canonical)
    {
        if (canonical.Length == 0) return Empty;
        var pairs = new List<KeyValuePair<string, string?>>();
        var sb = new StringBuilder();
        string? key = null;
        for (int i = 0; i < canonical.Length; i++)
        {
            char c = canonical[i];
            if (c == '\\' && i + 1 < canonical.Length) { sb.Append(canonical[++i]); continue; }
            if (c == '=' && key is null) { key = sb.ToString(); sb.Clear(); continue; }
            if (c == ',' && key is not null) { pairs.Add(new(key, sb.ToString())); key = null; sb.Clear(); continue; }
            sb.Append(c);
        }
        if (key is null) throw new FormatException($"'{canonical}' is not a canonical tag set");
        pairs.Add(new(key, sb.ToString()));
        return Create(pairs);
    }

    private static string BuildCanonical(KeyValuePair<string, string>[] pairs)
    {
        if (pairs.Length == 0) return "";
        var sb = new StringBuilder();
        for (int i = 0; i < pairs.Length; i++)
        {
            if (i > 0) sb.Append(',');
            Escape(sb, pairs[i].Key);
            sb.Append('=');
            Escape(sb, pairs[i].Value);
        }
        return sb.ToString();
    }

    private static void Escape(StringBuilder sb, string s)
    {
        foreach (char c in s)
        {
            if (c is '\\' or ',' or '=') sb.Append('\\');
            sb.Append(c);
        }
    }

    /// <inheritdoc/>
    public bool Equals(TagSet? other) => other is not null && other.Canonical == Canonical;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TagSet);

    /// <inheritdoc/>
    public override int GetHashCode() => Canonical.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Canonical;
}
