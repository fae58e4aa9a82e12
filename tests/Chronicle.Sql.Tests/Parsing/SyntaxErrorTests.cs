using Chronicle.Sql.Parsing;

namespace Chronicle.Sql.Tests.Parsing;

/// <summary>Malformed statements: the exact position, what was found and what was expected.</summary>
public class SyntaxErrorTests
{
    /// <summary>Expected alternatives are joined with '|'; an empty string means none.</summary>
    [Theory]
    // Misspelled keywords name only the keyword they resemble.
    [InlineData("SELECT host FORM cpu", 1, 13, "identifier FORM", "FROM")]
    [InlineData("SELECT * FORM cpu", 1, 10, "identifier FORM", "FROM")]
    [InlineData("SELEC * FROM cpu", 1, 1, "identifier SELEC", "SELECT")]
    [InlineData("SELECT a FROM cpu; SELEC b", 1, 20, "identifier SELEC", "SELECT")]
    // SELECT
    [InlineData("SELECT FROM cpu", 1, 8, "keyword FROM", "DISTINCT|ALL|select item")]
    [InlineData("SELECT a, FROM cpu", 1, 11, "keyword FROM", "select item")]
    [InlineData("SELECT a + FROM cpu", 1, 12, "keyword FROM", "expression")]
    [InlineData("SELECT 1 +* 2", 1, 11, "'*'", "expression")]
    [InlineData("SELECT a FROM", 1, 14, "end of input", "identifier")]
    [InlineData("SELECT a AS FROM cpu", 1, 13, "keyword FROM", "identifier")]
    [InlineData("SELECT cpu. FROM cpu", 1, 13, "keyword FROM", "identifier")]
    [InlineData("SELECT count(* FROM cpu", 1, 16, "keyword FROM", "')'")]
    [InlineData("SELECT (a + b FROM cpu", 1, 15, "keyword FROM", "operator|')'")]
    [InlineData("SELECT a FROM cpu x y", 1, 21, "identifier y", "WHERE|GROUP|SAMPLE|HAVING|ORDER|LIMIT|OFFSET|';'|end of input")]
    [InlineData("SELECT a FROM cpu SELECT b", 1, 19, "keyword SELECT", "AS|WHERE|GROUP|SAMPLE|HAVING|ORDER|LIMIT|OFFSET|';'|end of input")]
    [InlineData("SELECT a FROM cpu WHERE", 1, 24, "end of input", "expression")]
    [InlineData("SELECT a FROM cpu WHERE NOT", 1, 28, "end of input", "expression")]
    [InlineData("SELECT a FROM cpu WHERE x = = 1", 1, 29, "'='", "expression")]
    [InlineData("SELECT a FROM cpu WHERE a = 1 AND", 1, 34, "end of input", "expression")]
    [InlineData("SELECT a FROM cpu\nWHERE x = 1\n  AND AND y = 2", 3, 7, "keyword AND", "expression")]
    [InlineData("SELECT a FROM cpu WHERE x BETWEEN 1", 1, 36, "end of input", "operator|AND")]
    [InlineData("SELECT a FROM cpu WHERE x IN ()", 1, 31, "')'", "expression")]
    [InlineData("SELECT a FROM cpu WHERE x IN 1", 1, 30, "integer 1", "'('|parameter")]
    [InlineData("SELECT a FROM cpu WHERE x IS 5", 1, 30, "integer 5", "NOT|NULL")]
    [InlineData("SELECT a FROM cpu WHERE x NOT 5", 1, 31, "integer 5", "BETWEEN|IN|LIKE|ILIKE")]
    [InlineData("SELECT a FROM cpu WHERE x LIKE", 1, 31, "end of input", "expression")]
    [InlineData("SELECT a FROM cpu GROUP host", 1, 25, "identifier host", "BY")]
    [InlineData("SELECT a FROM cpu ORDER host", 1, 25, "identifier host", "BY")]
    [InlineData("SELECT a FROM cpu SAMPLE BY host", 1, 29, "identifier host", "duration")]
    [InlineData("SELECT a FROM cpu ORDER BY a DESC NULLS", 1, 40, "end of input", "FIRST|LAST")]
    [InlineData("SELECT a FROM cpu LIMIT", 1, 24, "end of input", "integer|parameter")]
    [InlineData("SELECT a FROM cpu LIMIT 'x'", 1, 25, "string 'x'", "integer|parameter")]
    [InlineData("SELECT a FROM cpu LIMIT -1", 1, 25, "'-'", "integer|parameter")]
    [InlineData("SELECT CAST(a AS) FROM cpu", 1, 17, "')'", "type")]
    [InlineData("SELECT CAST(a AS tag) FROM cpu", 1, 18, "identifier tag", "type")]
    [InlineData("SELECT a::foo FROM cpu", 1, 11, "identifier foo", "type")]
    [InlineData("SELECT percentile_cont(0.9) WITHIN (ORDER BY x) FROM cpu", 1, 36, "'('", "GROUP")]
    [InlineData("SELECT a FROM cpu WHERE time > now() - INTERVAL '1 hr x'", 1, 49, "string '1 hr x'", "interval such as '5 minutes' or '1 hour 30 minutes'")]
    // Data definition
    [InlineData("CREATE TABLE cpu", 1, 17, "end of input", "'('")]
    [InlineData("CREATE TABLE cpu ()", 1, 19, "')'", "identifier")]
    [InlineData("CREATE TABLE cpu (time TIMESTAMP, host)", 1, 39, "')'", "column type")]
    [InlineData("CREATE TABLE cpu (time TIMESTAMP, host STRNG)", 1, 40, "identifier STRNG", "column type")]
    [InlineData("CREATE TABLE cpu (time TIMESTAMP) WITH (retention '30d')", 1, 51, "string '30d'", "'='")]
    [InlineData("CREATE TABLE cpu (time TIMESTAMP) WITH (retention = host)", 1, 53, "identifier host", "option value")]
    [InlineData("CREATE TABLE IF EXISTS cpu (time TIMESTAMP)", 1, 17, "keyword EXISTS", "NOT")]
    [InlineData("CREATE cpu (time TIMESTAMP)", 1, 8, "identifier cpu", "TABLE")]
    [InlineData("DROP TABLE", 1, 11, "end of input", "IF|identifier")]
    [InlineData("DROP TABLE IF cpu", 1, 15, "identifier cpu", "EXISTS")]
    [InlineData("SHOW TABLE", 1, 6, "keyword TABLE", "TABLES|COLUMNS")]
    [InlineData("SHOW COLUMNS cpu", 1, 14, "identifier cpu", "FROM")]
    [InlineData("DESCRIBE", 1, 9, "end of input", "identifier")]
    // Data manipulation
    [InlineData("INSERT cpu VALUES (1)", 1, 8, "identifier cpu", "INTO")]
    [InlineData("INSERT INTO cpu VALUES", 1, 23, "end of input", "'('")]
    [InlineData("INSERT INTO cpu VALUES (1, 2), (3)", 1, 32, "row of 1 value", "2 values")]
    [InlineData("INSERT INTO cpu (a, b) VALUES (1)", 1, 31, "row of 1 value", "2 values")]
    [InlineData("INSERT INTO cpu (a, b VALUES (1, 2)", 1, 23, "keyword VALUES", "','|')'")]
    [InlineData("INSERT INTO cpu VALUES (1,)", 1, 27, "')'", "expression")]
    [InlineData("DELETE cpu WHERE x = 1", 1, 8, "identifier cpu", "FROM")]
    [InlineData("DELETE FROM cpu WHERE", 1, 22, "end of input", "expression")]
    [InlineData("EXPLAIN DELETE FROM cpu", 1, 9, "keyword DELETE", "ANALYZE|SELECT")]
    [InlineData("COPY cpu TO", 1, 12, "end of input", "string")]
    [InlineData("COPY cpu INTO 'x'", 1, 10, "keyword INTO", "TO|FROM")]
    [InlineData("COPY cpu TO 'x' (FORMAT PARQUET)", 1, 25, "identifier PARQUET", "ARROW|ARROW_STREAM|CSV")]
    [InlineData("COPY (SELECT * FROM cpu TO 'x'", 1, 25, "keyword TO", "AS|WHERE|GROUP|SAMPLE|HAVING|ORDER|LIMIT|OFFSET|')'")]
    [InlineData("UPDATE cpu SET a = 1", 1, 1, "identifier UPDATE", "SELECT|INSERT|CREATE|DROP|SHOW|DESCRIBE|DESC|DELETE|EXPLAIN|COPY|';'|end of input")]
    // Tokenizer errors
    [InlineData("SELECT 'abc FROM cpu", 1, 8, "unterminated string 'abc FROM cpu", "closing '")]
    [InlineData("SELECT \"abc FROM cpu", 1, 8, "unterminated quoted identifier \"abc FROM cpu", "closing \"")]
    [InlineData("SELECT a FROM cpu /* comment", 1, 19, "unterminated comment", "*/")]
    [InlineData("SELECT 5x FROM cpu", 1, 8, "number 5x", "duration unit (ns, us, ms, s, m, h, d, w, mo, y)")]
    [InlineData("SELECT 1h30 FROM cpu", 1, 8, "number 1h30", "duration unit (ns, us, ms, s, m, h, d, w, mo, y)")]
    [InlineData("SELECT 1.5h FROM cpu", 1, 8, "number 1.5h", "duration unit (ns, us, ms, s, m, h, d, w, mo, y)")]
    [InlineData("SELECT 99999999999999999999 FROM cpu", 1, 8, "integer 99999999999999999999", "integer from 0 to 9223372036854775807")]
    [InlineData("SELECT # FROM cpu", 1, 8, "character '#'", "")]
    [InlineData("SELECT a\n  FROM cpu WHERE a ! 1", 2, 20, "character '!'", "")]
    [InlineData("SELECT @ FROM cpu", 1, 8, "character '@'", "parameter name")]
    [InlineData("SELECT a FROM cpu WHERE a = :", 1, 29, "character ':'", "parameter name")]
    [InlineData("SELECT $0 FROM cpu", 1, 8, "parameter $0", "parameter number from 1 to 2147483647")]
    [InlineData("SELECT a FROM \"\"", 1, 15, "empty quoted identifier \"\"", "identifier")]
    [InlineData("/* one\ntwo */ SELECT 'x\ny", 2, 15, "unterminated string 'x\ny", "closing '")]
    public void ReportsPositionFoundAndExpected(string sql, int line, int column, string found, string expected)
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseScript(sql));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Equal(found, error.Found);
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), error.Expected);
    }

    [Fact]
    public void MessageNamesPositionFoundAndExpected()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseStatement("SELECT host FORM cpu"));
        Assert.Equal("line 1, column 13: unexpected identifier FORM; expected FROM", error.Message);
    }

    [Fact]
    public void MessageListsSeveralAlternativesWithOr()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseStatement("SELECT a FROM cpu WHERE x IS 5"));
        Assert.Equal("line 1, column 30: unexpected integer 5; expected NOT or NULL", error.Message);
    }

    [Fact]
    public void MessageWithoutExpectationsEndsAfterFound()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseStatement("SELECT # FROM cpu"));
        Assert.Equal("line 1, column 8: unexpected character '#'", error.Message);
    }

    [Fact]
    public void ParseStatementRejectsTwoStatements()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseStatement("SELECT 1; SELECT 2"));
        Assert.Equal((1, 11), (error.Line, error.Column));
        Assert.Equal("keyword SELECT", error.Found);
        Assert.Equal(["end of input"], error.Expected);
    }

    [Fact]
    public void ParseStatementRejectsEmptyText()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseStatement("  -- nothing\n"));
        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("end of input", error.Found);
        Assert.Equal(["statement"], error.Expected);
    }

    [Fact]
    public void ParseExpressionRejectsTrailingText()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseExpression("a + b c"));
        Assert.Equal((1, 7), (error.Line, error.Column));
        Assert.Equal("identifier c", error.Found);
        Assert.Equal(["operator", "end of input"], error.Expected);
    }

    [Fact]
    public void ColumnsCountAfterCarriageReturnLineFeed()
    {
        var error = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseScript("SELECT a\r\nFROM\r\n  ;"));
        Assert.Equal((3, 3), (error.Line, error.Column));
        Assert.Equal("';'", error.Found);
    }
}
