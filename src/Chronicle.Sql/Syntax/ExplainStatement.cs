namespace Chronicle.Sql.Syntax;

/// <summary><c>EXPLAIN [ANALYZE] select</c>: show the plan instead of (ANALYZE: as well as) running the query.</summary>
/// <param name="Query">The explained query.</param>
/// <param name="Analyze">True for EXPLAIN ANALYZE.</param>
public sealed record ExplainStatement(SelectStatement Query, bool Analyze = false) : Statement;
