using Chronicle.Sql.Parsing;
using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Tests.Parsing;

/// <summary>Expression shapes, checked through the canonical (fully parenthesized) formatting.</summary>
public class ExpressionParserTests
{
    [Theory]
    // Arithmetic: * / % bind tighter than + -, both left-associative.
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b % c * d", "(((a / b) % c) * d)")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("a || b + c", "(a || (b + c))")]
    // Unary minus binds tighter than * and folds into number literals; :: binds tighter than unary minus.
    [InlineData("-a * b", "((-a) * b)")]
    [InlineData("- 5", "-5")]
    [InlineData("2 - -3.5", "(2 - -3.5)")]
    [InlineData("-a::int", "(-CAST(a AS BIGINT))")]
    [InlineData("+a", "(+a)")]
    // Comparison below arithmetic; BETWEEN/IN/LIKE above comparison; IS below comparison.
    [InlineData("a + 1 > b * 2", "((a + 1) > (b * 2))")]
    [InlineData("a = b IS NULL", "((a = b) IS NULL)")]
    [InlineData("a IS NOT NULL IS NULL", "((a IS NOT NULL) IS NULL)")]
    [InlineData("a = b BETWEEN 1 AND 2", "(a = (b BETWEEN 1 AND 2))")]
    [InlineData("x BETWEEN 1 + 1 AND 5 AND y", "((x BETWEEN (1 + 1) AND 5) AND y)")]
    [InlineData("a <> b", "(a != b)")]
    [InlineData("a != b", "(a != b)")]
    [InlineData("a <= b", "(a <= b)")]
    [InlineData("a >= b", "(a >= b)")]
    // NOT below IS, AND below NOT, OR lowest.
    [InlineData("NOT a = b", "(NOT (a = b))")]
    [InlineData("NOT NOT a", "(NOT (NOT a))")]
    [InlineData("a OR b AND c", "(a OR (b AND c))")]
    [InlineData("a AND b OR c AND d", "((a AND b) OR (c AND d))")]
    [InlineData("NOT a AND b", "((NOT a) AND b)")]
    // Predicates.
    [InlineData("host IN ('a', 'b')", "(host IN ('a', 'b'))")]
    [InlineData("host NOT IN (@a, @b)", "(host NOT IN (@a, @b))")]
    [InlineData("host IN @hosts", "(host IN @hosts)")]
    [InlineData("host LIKE 'web%'", "(host LIKE 'web%')")]
    [InlineData("host NOT LIKE 'web%'", "(host NOT LIKE 'web%')")]
    [InlineData("host ILIKE 'WEB%'", "(host ILIKE 'WEB%')")]
    [InlineData("x NOT BETWEEN 1 AND 2", "(x NOT BETWEEN 1 AND 2)")]
    // Calls, casts, time literals.
    [InlineData("count(*)", "count(*)")]
    [InlineData("COUNT(DISTINCT host)", "count(DISTINCT host)")]
    [InlineData("now()", "now()")]
    [InlineData("percentile_cont(usage, 0.9)", "percentile_cont(usage, 0.9)")]
    [InlineData("percentile_cont(0.9) WITHIN GROUP (ORDER BY usage DESC)", "percentile_cont(0.9) WITHIN GROUP (ORDER BY usage DESC)")]
    [InlineData("time_bucket('5m', time, TIMESTAMP '2024-01-01T00:00:00Z')", "time_bucket('5m', time, TIMESTAMP '2024-01-01T00:00:00Z')")]
    [InlineData("CAST(usage AS double precision)", "CAST(usage AS DOUBLE)")]
    [InlineData("x::varchar(20)::text", "CAST(CAST(x AS VARCHAR) AS VARCHAR)")]
    [InlineData("now() - INTERVAL '1 hour'", "(now() - INTERVAL '1 hour')")]
    [InlineData("time > now() - 1h30m", "(time > (now() - 1h30m))")]
    [InlineData("cpu.host", "cpu.host")]
    [InlineData("\"Mixed Case\".\"Col\"", "\"Mixed Case\".\"Col\"")]
    [InlineData("'it''s'", "'it''s'")]
    [InlineData("TRUE AND FALSE OR NULL", "((TRUE AND FALSE) OR NULL)")]
    [InlineData("1.5e3", "1500.0")]
    public void ParsesWithPostgresPrecedence(string sql, string canonical) =>
        Assert.Equal(canonical, SqlParser.ParseExpression(sql).ToString());

    [Fact]
    public void ComparisonIsNonAssociative() =>
        Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseExpression("a < b < c"));

    [Theory]
    [InlineData("1", LiteralKind.Integer, 1L)]
    [InlineData("-9223372036854775807", LiteralKind.Integer, -9223372036854775807L)]
    [InlineData("2.5", LiteralKind.Decimal, 2.5)]
    [InlineData(".5", LiteralKind.Decimal, 0.5)]
    [InlineData("1e-3", LiteralKind.Decimal, 0.001)]
    [InlineData("'a''b'", LiteralKind.String, "a'b")]
    [InlineData("true", LiteralKind.Boolean, true)]
    [InlineData("FALSE", LiteralKind.Boolean, false)]
    [InlineData("null", LiteralKind.Null, null)]
    public void LiteralsCarryKindAndValue(string sql, LiteralKind kind, object? value)
    {
        var literal = Assert.IsType<Literal>(SqlParser.ParseExpression(sql));
        Assert.Equal(kind, literal.Kind);
        Assert.Equal(value, literal.Value);
    }

    [Theory]
    [InlineData("10ns", 10L)]
    [InlineData("100us", 100_000L)]
    [InlineData("250ms", 250_000_000L)]
    [InlineData("10s", 10_000_000_000L)]
    [InlineData("5m", 300_000_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("1d", 86_400_000_000_000L)]
    [InlineData("1w", 604_800_000_000_000L)]
    public void DurationTokensCarryNanoseconds(string sql, long nanoseconds)
    {
        var duration = Assert.IsType<DurationLiteral>(SqlParser.ParseExpression(sql));
        Assert.Equal(nanoseconds, duration.Nanoseconds);
        Assert.Equal(sql, duration.Text);
    }

    [Theory]
    [InlineData("INTERVAL '5 minutes'", 300_000_000_000L)]
    [InlineData("interval '1 hour'", 3_600_000_000_000L)]
    [InlineData("INTERVAL '1 hour 30 minutes'", 5_400_000_000_000L)]
    [InlineData("INTERVAL '90s'", 90_000_000_000L)]
    [InlineData("INTERVAL '1.5 hours'", 5_400_000_000_000L)]
    [InlineData("INTERVAL '2 days'", 172_800_000_000_000L)]
    [InlineData("INTERVAL '-1 day'", -86_400_000_000_000L)]
    public void IntervalsCarryNanoseconds(string sql, long nanoseconds) =>
        Assert.Equal(nanoseconds, Assert.IsType<IntervalLiteral>(SqlParser.ParseExpression(sql)).Nanoseconds);

    [Fact]
    public void TimestampLiteralKeepsText() =>
        Assert.Equal("2024-01-01T00:00:00Z", Assert.IsType<TimestampLiteral>(SqlParser.ParseExpression("TIMESTAMP '2024-01-01T00:00:00Z'")).Text);

    [Fact]
    public void IsoStringsStayStrings() =>
        Assert.Equal(LiteralKind.String, Assert.IsType<Literal>(SqlParser.ParseExpression("'2024-01-01T00:00:00Z'")).Kind);

    [Fact]
    public void ParametersCarryNameOrOrdinal()
    {
        var call = Assert.IsType<FunctionCall>(SqlParser.ParseExpression("f(@a, :b, $c, $7, ?, ?)"));
        var parameters = call.Arguments.Cast<Parameter>().ToArray();
        Assert.Equal([("a", (int?)null), ("b", null), ("c", null), (null, 7), (null, 1), (null, 2)],
            parameters.Select(p => (p.Name, p.Ordinal)).ToArray());
        Assert.Equal(["@a", ":b", "$c", "$7", "?", "?"], parameters.Select(p => p.Text));
    }

    [Fact]
    public void QuestionMarksAreNumberedAcrossTheScript()
    {
        var statements = SqlParser.ParseScript("DELETE FROM t WHERE a = ?; DELETE FROM t WHERE b = ?");
        var second = (Binary)((DeleteStatement)statements[1]).Where!;
        Assert.Equal(2, ((Parameter)second.Right).Ordinal);
    }

    [Fact]
    public void BareInParameterIsMarked()
    {
        var list = Assert.IsType<InList>(SqlParser.ParseExpression("id IN @ids"));
        Assert.True(list.BareParameter);
        Assert.Equal("ids", Assert.IsType<Parameter>(Assert.Single(list.Items)).Name);
        Assert.False(Assert.IsType<InList>(SqlParser.ParseExpression("id IN (@ids)")).BareParameter);
    }

    [Theory]
    [InlineData("id IN (SELECT @ids WHERE 1 = 0)", false)]
    [InlineData("id NOT IN (SELECT NULL WHERE 1 = 0)", true)]
    public void DapperEmptyListHasNoItems(string sql, bool negated)
    {
        var list = Assert.IsType<InList>(SqlParser.ParseExpression(sql));
        Assert.Empty(list.Items);
        Assert.Equal(negated, list.Negated);
        Assert.Equal(list.ToString(), SqlParser.ParseExpression(list.ToString()).ToString());
    }

    [Fact]
    public void OtherSubqueriesAreRejected()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseExpression("id IN (SELECT id FROM t)"));
        Assert.Equal((1, 15), (error.Line, error.Column));
        Assert.Equal(["parameter", "NULL"], error.Expected);
    }

    [Fact]
    public void FunctionCallShape()
    {
        var star = Assert.IsType<FunctionCall>(SqlParser.ParseExpression("COUNT(*)"));
        Assert.Equal(("count", true, 0), (star.Name, star.Star, star.Arguments.Count));
        var ordered = Assert.IsType<FunctionCall>(SqlParser.ParseExpression("percentile_cont(0.9) WITHIN GROUP (ORDER BY x)"));
        Assert.Equal("x", ((ColumnRef)Assert.Single(ordered.WithinGroup!).Expression).Name);
        Assert.Null(star.WithinGroup);
    }

    [Fact]
    public void IdentifiersAreLowerCasedUnlessQuoted()
    {
        var column = Assert.IsType<ColumnRef>(SqlParser.ParseExpression("CPU.Host"));
        Assert.Equal(("host", "cpu"), (column.Name, column.Table));
        Assert.Equal("Mixed Case", Assert.IsType<ColumnRef>(SqlParser.ParseExpression("\"Mixed Case\"")).Name);
    }

    [Fact]
    public void NonReservedWordsAreColumnNames()
    {
        var sum = Assert.IsType<Binary>(SqlParser.ParseExpression("time + first + last + tag + timestamp + interval + format"));
        Assert.Equal("((((((time + first) + last) + tag) + timestamp) + interval) + format)", sum.ToString());
    }

    [Fact]
    public void NodesKnowTheirPosition()
    {
        var and = Assert.IsType<Binary>(SqlParser.ParseExpression("a = 1\n  AND  b > 2"));
        Assert.Equal(new SourcePosition(1, 1, 0), and.Position);
        var right = Assert.IsType<Binary>(and.Right);
        Assert.Equal(new SourcePosition(2, 8, 13), right.Position);
        Assert.Equal(new SourcePosition(2, 12, 17), right.Right.Position);
    }
}
