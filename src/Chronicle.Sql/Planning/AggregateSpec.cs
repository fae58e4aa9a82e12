using Chronicle.Sql.Execution;

namespace Chronicle.Sql.Planning;

/// <summary>
/// One aggregate of a grouped query: the canonical function name, its bound argument (null for
/// <c>count(*)</c>), and for percentiles the fraction (0..1).
/// </summary>
/// <param name="Function">Canonical name: count, sum, avg, min, max, first, last, stddev, stddev_pop, variance, var_pop, percentile_cont, percentile_disc, spread, rate (median is percentile_cont 0.5).</param>
/// <param name="Argument">The argument over the scan's columns, or null for <c>count(*)</c>.</param>
/// <param name="Fraction">Percentile fraction for percentile_cont / percentile_disc / median.</param>
/// <param name="Distinct">True for <c>count(DISTINCT x)</c>.</param>
/// <param name="Type">Result type.</param>
/// <param name="Text">The call as canonical SQL, used to match the same call elsewhere in the query.</param>
internal sealed record AggregateSpec(string Function, BoundExpr? Argument, double Fraction, bool Distinct, ResultType Type, string Text);
