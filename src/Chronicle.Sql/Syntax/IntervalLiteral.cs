namespace Chronicle.Sql.Syntax;

/// <summary><c>INTERVAL '5 minutes'</c>, <c>INTERVAL '1 hour 30 minutes'</c> or <c>INTERVAL '90s'</c>, converted to nanoseconds (a month is 30 days, a year 365 days).</summary>
/// <param name="Nanoseconds">The duration in nanoseconds.</param>
/// <param name="Text">The string inside the quotes.</param>
public sealed record IntervalLiteral(long Nanoseconds, string Text) : Expression;
