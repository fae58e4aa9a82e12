namespace Chronicle.Sql.Syntax;

/// <summary>
/// A query parameter. Named forms <c>@name</c>, <c>:name</c>, <c>$name</c> carry <see cref="Name"/>
/// (without the prefix, case kept); <c>$1</c> carries <see cref="Ordinal"/> 1; each <c>?</c> carries
/// the next ordinal in order of appearance in the statement (1-based).
/// </summary>
/// <param name="Name">The parameter name without its prefix, or null for positional parameters.</param>
/// <param name="Ordinal">The 1-based position for <c>$n</c> and <c>?</c>, or null for named parameters.</param>
/// <param name="Text">The parameter as written (<c>@id</c>, <c>$1</c>, <c>?</c>).</param>
public sealed record Parameter(string? Name, int? Ordinal, string Text) : Expression;
