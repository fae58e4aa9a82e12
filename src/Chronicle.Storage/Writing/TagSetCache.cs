using Chronicle.Storage.Catalog;

namespace Chronicle.Storage.Writing;

/// <summary>
/// A tag set seen by a <see cref="TableWriter"/>: its canonical <see cref="TagSet"/>, the series ID
/// of each field once resolved (0 = not yet), and its slot among the writer's pending tag sets.
/// </summary>
internal sealed class PendingTagSet(TagSet tags, string?[] values, int fieldCount)
{
    /// <summary>The canonical tag set (sorted, empty values dropped).</summary>
    public TagSet Tags { get; } = tags;

    /// <summary>The tag values in <see cref="TableSchema.Tags"/> order, empty strings stored as null.</summary>
    public string?[] Values { get; } = values;

    /// <summary>Series ID per field ordinal; 0 until resolved through the catalog.</summary>
    public long[] Ids { get; } = new long[fieldCount];

    /// <summary>Index in the writer's list of tag sets with pending samples, or -1 when it has none.</summary>
    public int Slot { get; set; } = -1;
}

/// <summary>
/// Maps the tag values of a row (in <see cref="TableSchema.Tags"/> order) to its
/// <see cref="PendingTagSet"/> without allocating on a hit: the last tag set is checked first (by
/// reference, then by value: rows of one tag set often come together), then a dictionary keyed by
/// the value array and probed with the row's span (<see cref="Dictionary{TKey,TValue}.GetAlternateLookup{TAlternateKey}"/>).
/// A null and an empty value are the same (both mean the tag is absent), as in <see cref="TagSet.Create"/>,
/// so one series never gets two entries. Not thread-safe.
/// </summary>
internal sealed class TagSetCache
{
    private readonly TableSchema _schema;
    private readonly Dictionary<string?[], PendingTagSet> _map;
    private readonly Dictionary<string?[], PendingTagSet>.AlternateLookup<ReadOnlySpan<string?>> _lookup;
    private PendingTagSet? _last;

    public TagSetCache(TableSchema schema)
    {
        _schema = schema;
        _map = new Dictionary<string?[], PendingTagSet>(TagValuesComparer.Instance);
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<string?>>();
    }

    /// <summary>Tag sets cached.</summary>
    public int Count => _map.Count;

    /// <summary>The entry for <paramref name="values"/> (one per tag column), created on first sight.</summary>
    /// <exception cref="ArgumentException">The value count differs from the table's tag count.</exception>
    public PendingTagSet Get(ReadOnlySpan<string?> values)
    {
        if (_last is { } last && TagValuesComparer.SameValues(values, last.Values)) return last;
        if (!_lookup.TryGetValue(values, out var found))
        {
            if (values.Length != _schema.Tags.Count)
                throw new ArgumentException($"table '{_schema.Name}' has {_schema.Tags.Count} tags; {values.Length} values given");
            var stored = new string?[values.Length];
            var pairs = new KeyValuePair<string, string?>[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                stored[i] = string.IsNullOrEmpty(values[i]) ? null : values[i];
                pairs[i] = new(_schema.Tags[i].Name, stored[i]);
            }
            found = new PendingTagSet(TagSet.Create(pairs), stored, _schema.Fields.Count);
            _map.Add(stored, found);
        }
        _last = found;
        return found;
    }

    /// <summary>Forgets every entry (their resolved series IDs with them).</summary>
    public void Clear()
    {
        _map.Clear();
        _last = null;
    }

    /// <summary>Equality of tag value lists, null and empty alike; probes with a span.</summary>
    private sealed class TagValuesComparer : IEqualityComparer<string?[]>, IAlternateEqualityComparer<ReadOnlySpan<string?>, string?[]>
    {
        public static readonly TagValuesComparer Instance = new();

        public static bool SameValues(ReadOnlySpan<string?> a, ReadOnlySpan<string?> b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                string? x = a[i], y = b[i];
                if (ReferenceEquals(x, y)) continue;
                if (string.IsNullOrEmpty(x) ? !string.IsNullOrEmpty(y) : !string.Equals(x, y, StringComparison.Ordinal)) return false;
            }
            return true;
        }

        private static int Hash(ReadOnlySpan<string?> values)
        {
            var hash = new HashCode();
            foreach (var v in values) hash.Add(string.IsNullOrEmpty(v) ? 0 : v.GetHashCode(StringComparison.Ordinal));
            return hash.ToHashCode();
        }

        public bool Equals(string?[]? x, string?[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && SameValues(x, y));

        public int GetHashCode(string?[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<string?> alternate, string?[] other) => SameValues(alternate, other);

        public int GetHashCode(ReadOnlySpan<string?> alternate) => Hash(alternate);

        public string?[] Create(ReadOnlySpan<string?> alternate) => alternate.ToArray();
    }
}
