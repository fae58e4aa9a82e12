using System.Text.RegularExpressions;
using Chronicle.Storage.Reading;

namespace Chronicle.Storage.Catalog;

/// <summary>
/// The inverted index of one table: (tag, value) to the sorted IDs of the series that carry it,
/// plus the sorted list of all the table's series. IDs are assigned in increasing order, so
/// appending keeps every list sorted. Not thread-safe: <see cref="SeriesCatalog"/> locks.
/// </summary>
internal sealed class TagPostings
{
    private readonly Dictionary<string, Dictionary<string, List<long>>> _byTag = new(StringComparer.Ordinal);
    private readonly List<long> _all = [];

    /// <summary>Every series of the table, increasing.</summary>
    public IReadOnlyList<long> All => _all;

    /// <summary>Indexes a new series (its ID is larger than every indexed one).</summary>
    public void Add(SeriesInfo info)
    {
        _all.Add(info.Id);
        foreach (var (tag, value) in info.Key.Tags.Pairs)
        {
            if (!_byTag.TryGetValue(tag, out var values)) _byTag[tag] = values = new(StringComparer.Ordinal);
            if (!values.TryGetValue(value, out var ids)) values[value] = ids = [];
            ids.Add(info.Id);
        }
    }

    /// <summary>The IDs satisfying every matcher, increasing.</summary>
    public long[] Match(IReadOnlyList<TagMatcher> matchers)
    {
        IEnumerable<long>? result = null;
        foreach (var m in matchers)
        {
            var ids = Resolve(m);
            result = result is null ? ids : Intersect(result, ids);
        }
        return (result ?? _all).ToArray();
    }

    private IEnumerable<long> Resolve(TagMatcher m)
    {
        var values = _byTag.GetValueOrDefault(m.Tag);
        switch (m.Kind)
        {
            case TagMatchKind.In:
            {
                var lists = new List<IEnumerable<long>>();
                foreach (var v in m.Values.Distinct())
                {
                    if (v.Length == 0) lists.Add(WithoutTag(values));
                    else if (values?.GetValueOrDefault(v) is { } l) lists.Add(l);
                }
                return Union(lists);
            }
            case TagMatchKind.NotIn:
                return Except(_all, Resolve(m with { Kind = TagMatchKind.In }));
            case TagMatchKind.Like:
            {
                var regex = LikeToRegex(m.Values[0]);
                var lists = new List<IEnumerable<long>>();
                if (values is not null)
                    foreach (var (v, l) in values) if (regex.IsMatch(v)) lists.Add(l);
                if (regex.IsMatch("")) lists.Add(WithoutTag(values));
                return Union(lists);
            }
            default:
                return Except(_all, Resolve(m with { Kind = TagMatchKind.Like }));
        }
    }

    private IEnumerable<long> WithoutTag(Dictionary<string, List<long>>? values) =>
        values is null ? _all : Except(_all, Union(values.Values));

    /// <summary>Translates a SQL LIKE pattern (<c>%</c>, <c>_</c>, backslash escapes) to an anchored regex.</summary>
    public static Regex LikeToRegex(string pattern)
    {
        var sb = new System.Text.StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) sb.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') sb.Append(".*");
            else if (c == '_') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    private static IEnumerable<long> Union(IEnumerable<IEnumerable<long>> lists)
    {
        var set = new SortedSet<long>();
        foreach (var l in lists) set.UnionWith(l);
        return set;
    }

    private static IEnumerable<long> Intersect(IEnumerable<long> a, IEnumerable<long> b)
    {
        var set = new HashSet<long>(b);
        return a.Where(set.Contains).ToArray();
    }

    private static IEnumerable<long> Except(IEnumerable<long> a, IEnumerable<long> b)
    {
        var set = new HashSet<long>(b);
        return a.Where(x => !set.Contains(x)).ToArray();
    }
}
