using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// A bounded least-recently-used cache of parsed scripts, keyed by the exact SQL text (ordinal).
/// Thread-safe (one lock; parsing happens outside it, so two threads may parse the same text once
/// each and the last one wins, which is harmless because trees are immutable).
/// </summary>
/// <remarks>
/// The recency list is intrusive (each <see cref="Entry"/> links its neighbours) rather than a
/// <c>LinkedList</c> of value tuples: a generic collection over a value type has no precompiled
/// code, so its first cache hit in a process compiled two methods at full optimization, about
/// 0.7 ms, which a query run only a few times (the TSBS suite) paid in its second run.
/// </remarks>
public sealed class ParseCache
{
    /// <summary>The number of scripts the shared cache keeps.</summary>
    public const int Capacity = 1024;

    private readonly int _capacity;
    private readonly Dictionary<string, Entry> _map = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    // Most recently used first; _newest.Newer and _oldest.Older are null.
    private Entry? _newest, _oldest;

    /// <summary>The cache behind <see cref="SqlParser.ParseCached"/>.</summary>
    internal static ParseCache Shared { get; } = new(Capacity);

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> scripts.</summary>
    /// <param name="capacity">Maximum number of entries (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">When capacity is below 1.</exception>
    public ParseCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The number of cached scripts.</summary>
    public int Count
    {
        get { lock (_lock) return _map.Count; }
    }

    /// <summary>Returns the cached statements for <paramref name="sql"/>, parsing and caching them on a miss.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <returns>The statements (shared, immutable).</returns>
    /// <exception cref="ChronicleSqlException">On a syntax error (nothing is cached).</exception>
    public IReadOnlyList<Statement> GetOrParse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        lock (_lock)
        {
            if (_map.TryGetValue(sql, out var hit))
            {
                MoveToFront(hit);
                return hit.Statements;
            }
        }
        var statements = SqlParser.ParseScript(sql);
        lock (_lock)
        {
            if (!_map.TryGetValue(sql, out var entry))
            {
                entry = new Entry(sql);
                _map[sql] = entry;
            }
            entry.Statements = statements;
            MoveToFront(entry);
            while (_map.Count > _capacity)
            {
                var last = _oldest!;
                _oldest = last.Newer;
                _oldest!.Older = null;
                _map.Remove(last.Sql);
            }
        }
        return statements;
    }

    /// <summary>
    /// Makes <paramref name="e"/> the most recently used, linking it first when it is new. Hits and
    /// misses share this one method, so a process's first hit runs no code the misses did not.
    /// </summary>
    private void MoveToFront(Entry e)
    {
        if (ReferenceEquals(_newest, e)) return;
        if (e.Newer is not null)
        {
            // Linked, not first: take it out.
            e.Newer.Older = e.Older;
            if (e.Older is not null) e.Older.Newer = e.Newer;
            else _oldest = e.Newer;
        }
        e.Newer = null;
        e.Older = _newest;
        if (_newest is not null) _newest.Newer = e;
        _newest = e;
        _oldest ??= e;
    }

    /// <summary>One cached script and its place in the recency list.</summary>
    private sealed class Entry(string sql)
    {
        public string Sql { get; } = sql;
        public IReadOnlyList<Statement> Statements { get; set; } = [];
        public Entry? Newer { get; set; }
        public Entry? Older { get; set; }
    }
}
