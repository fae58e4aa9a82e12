namespace Chronicle.Storage.Reading;

/// <summary>How a <see cref="TagMatcher"/> compares a tag's value.</summary>
public enum TagMatchKind
{
    /// <summary>Value equals one of <see cref="TagMatcher.Values"/> (a missing tag matches the empty string).</summary>
    In,
    /// <summary>Value equals none of <see cref="TagMatcher.Values"/>.</summary>
    NotIn,
    /// <summary>Value matches the SQL LIKE pattern in <see cref="TagMatcher.Values"/>[0] (<c>%</c> and <c>_</c>).</summary>
    Like,
    /// <summary>Value does not match the LIKE pattern.</summary>
    NotLike,
}

/// <summary>A predicate on one tag, resolved through the tag postings to series IDs.</summary>
/// <param name="Tag">Tag column name.</param>
/// <param name="Kind">Comparison.</param>
/// <param name="Values">Values for In/NotIn; the pattern for Like/NotLike.</param>
public sealed record TagMatcher(string Tag, TagMatchKind Kind, IReadOnlyList<string> Values);
