namespace Chronicle.Tsbs.Queries;

/// <summary>
/// Compares two engines' answers to the same query: same row count, same keys and times, and every
/// value equal within a relative tolerance (|a - b| &lt;= tolerance x max(|a|, |b|); NaN equals NaN).
/// Sums and means differ in the last bits between engines because they add in different orders;
/// 1e-9 relative is far above that and far below any real error.
/// </summary>
public static class ResultComparer
{
    /// <summary>The default relative tolerance for DOUBLE values.</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>
    /// Returns the differences between <paramref name="expected"/> and <paramref name="actual"/>, at
    /// most <paramref name="limit"/> messages; empty when they agree.
    /// </summary>
    public static IReadOnlyList<string> Compare(QueryResult expected, QueryResult actual, double tolerance = DefaultTolerance, int limit = 5)
    {
        var differences = new List<string>();
        if (expected.Rows.Count != actual.Rows.Count)
        {
            differences.Add($"row count {actual.Rows.Count}, expected {expected.Rows.Count}");
        }

        var n = Math.Min(expected.Rows.Count, actual.Rows.Count);
        for (var i = 0; i < n && differences.Count < limit; i++)
        {
            var e = expected.Rows[i];
            var a = actual.Rows[i];
            if (!e.Keys.SequenceEqual(a.Keys) || e.TimeNs != a.TimeNs)
            {
                differences.Add($"row {i}: ({Format(a)}), expected ({Format(e)})");
                continue;
            }

            if (e.Values.Length != a.Values.Length)
            {
                differences.Add($"row {i}: {a.Values.Length} values, expected {e.Values.Length}");
                continue;
            }

            for (var v = 0; v < e.Values.Length; v++)
            {
                if (!Close(e.Values[v], a.Values[v], tolerance))
                {
                    differences.Add($"row {i} ({Format(e)}) value {v}: {a.Values[v]:R}, expected {e.Values[v]:R}");
                    break;
                }
            }
        }

        return differences;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> agree within the relative tolerance.</summary>
    public static bool Close(double a, double b, double tolerance)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b);
        }

        return Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    private static string Format(ResultRow row) =>
        string.Join(", ", row.Keys.Append(row.TimeNs.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
