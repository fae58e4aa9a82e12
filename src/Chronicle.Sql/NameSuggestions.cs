namespace Chronicle.Sql;

/// <summary>"Did you mean" support for error messages about unknown tables, columns and functions.</summary>
public static class NameSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by Levenshtein edit distance (insert, delete,
    /// substitute, each cost 1; compared case-insensitively), or null when none is close enough:
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
            var distance = Levenshtein(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            var limit = Math.Max(1, Math.Max(name.Length, candidate.Length) / 3);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>The Levenshtein distance between two strings (Wagner–Fischer, two rows, O(|a|·|b|) time).</summary>
    internal static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
