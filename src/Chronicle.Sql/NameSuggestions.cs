namespace Chronicle.Sql;

/// <summary>"Did you mean" support for error messages about unknown tables, columns and functions.</summary>
public static class NameSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by edit distance (Levenshtein's insert, delete
    /// and substitute plus the transposition of two neighbours, each cost 1: the "optimal string
    /// alignment" distance; compared case-insensitively), or null when none is close enough:
    /// the distance must be at most max(1, length / 3) of the longer name, so "cpu" never suggests "memory".
    /// Ties go to the first candidate in enumeration order.
    /// </summary>
    /// <param name="name">The unknown name as written.</param>
    /// <param name="candidates">The names that exist.</param>
    /// <returns>The nearest candidate, or null.</returns>
    /// <exception cref="ArgumentNullException">When an argument is null.</exception>
    public static string? NearestName(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            var limit = Math.Max(1, Math.Max(name.Length, candidate.Length) / 3);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>
    /// The optimal string alignment distance (Levenshtein with adjacent transpositions, Damerau 1964;
    /// Wagner–Fischer dynamic programme over three rows, O(|a|·|b|) time). Ordinal comparison.
    /// </summary>
    internal static int Distance(string a, string b)
    {
        var before = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = Math.Min(best, before[j - 2] + 1);
                current[j] = best;
            }
            (before, previous, current) = (previous, current, before);
        }
        return previous[b.Length];
    }
}
