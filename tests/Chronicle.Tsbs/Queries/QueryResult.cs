namespace Chronicle.Tsbs.Queries;

/// <summary>One normalized result row: group keys, time or bucket start (ns), values.</summary>
/// <param name="Keys">The string key columns (see <see cref="ResultShape.KeyCount"/>).</param>
/// <param name="TimeNs">The row time or bucket start, nanoseconds since the Unix epoch, UTC.</param>
/// <param name="Values">The DOUBLE columns; <see cref="double.NaN"/> stands for SQL NULL.</param>
public sealed record ResultRow(string[] Keys, long TimeNs, double[] Values);

/// <summary>
/// A query's answer in the engine-neutral shape the comparer checks: rows sorted by
/// (keys, time), whatever order the engine returned them in.
/// </summary>
public sealed class QueryResult
{
    /// <summary>Wraps <paramref name="rows"/>, sorting them by keys (ordinal) and then time.</summary>
    public QueryResult(IEnumerable<ResultRow> rows)
    {
        var list = rows.ToList();
        list.Sort(CompareRows);
        Rows = list;
    }

    /// <summary>The rows in canonical order.</summary>
    public IReadOnlyList<ResultRow> Rows { get; }

    /// <summary>
    /// The latency measured inside the engine, when the engine runs in another process and the
    /// transport of the answer would otherwise dominate (DuckDB's JSON pipe); null for in-process
    /// and wire-protocol engines, whose latency is the runner's wall time.
    /// </summary>
    public TimeSpan? EngineElapsed { get; init; }

    private static int CompareRows(ResultRow a, ResultRow b)
    {
        for (var i = 0; i < Math.Min(a.Keys.Length, b.Keys.Length); i++)
        {
            var c = string.CompareOrdinal(a.Keys[i], b.Keys[i]);
            if (c != 0)
            {
                return c;
            }
        }

        var byLength = a.Keys.Length.CompareTo(b.Keys.Length);
        return byLength != 0 ? byLength : a.TimeNs.CompareTo(b.TimeNs);
    }
}
