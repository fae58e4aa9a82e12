namespace Chronicle.Sql.Syntax;

/// <summary>A duration token such as <c>5m</c>, <c>1h30m</c>, <c>250ms</c>, <c>100us</c>, <c>10ns</c>, <c>1w</c>.</summary>
/// <param name="Nanoseconds">The duration in nanoseconds.</param>
/// <param name="Text">The token as written.</param>
public sealed record DurationLiteral(long Nanoseconds, string Text) : Expression;
