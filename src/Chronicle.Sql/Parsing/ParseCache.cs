using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// A bounded least-recently-used cache of parsed scripts, keyed by the exact SQL text (ordinal).
/// Thread-safe (one lock; parsing happens outside it, so two threads may parse the same text once
/// each and the last one wins, which is harmless because trees are immutable).
/// </summary>
public sealed class ParseCache
{
    /// <summary>The number of scripts the shared cache keeps.</summary>
    public const int Capacity = 1024;

    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<(string Sql, IReadOnlyList<Statement> Statements)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Sql, IReadOnlyList<Statement> Statements)> _order = new();
    private readonly Lock _lock = new();

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
                _order.Remove(hit);
                _order.AddFirst(hit);
                return hit.Value.Statements;
            }
        }
        var statements = SqlParser.ParseScript(sql);
        lock (_lock)
        {
            if (_map.TryGetValue(sql, out var existing))
            {
                _order.Remove(existing);
                _map.Remove(sql);
            }
            var node = _order.AddFirst((sql, statements));
            _map[sql] = node;
            while (_map.Count > _capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Sql);
            }
        }
        return statements;
    }
}
