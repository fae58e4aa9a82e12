using Chronicle.Sql.Parsing;
using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Tests.Parsing;

/// <summary>Each statement kind and the shape of its tree.</summary>
public class StatementParserTests
{
    private static T Parse<T>(string sql) where T : Statement => Assert.IsType<T>(SqlParser.ParseStatement(sql));

    [Fact]
    public void CreateTableWithRolesTypesAndOptions()
    {
        var create = Parse<CreateTableStatement>(
            "CREATE TABLE IF NOT EXISTS cpu (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, count BIGINT, up BOOLEAN, note VARCHAR) " +
            "WITH (retention = '30d', shard_duration = 1d)");
        Assert.Equal("cpu", create.Table);
        Assert.True(create.IfNotExists);
        Assert.Equal(
            [("time", ColumnRole.Time, SqlType.Timestamp), ("host", ColumnRole.Tag, SqlType.Varchar), ("region", ColumnRole.Tag, SqlType.Varchar),
             ("usage", ColumnRole.Field, SqlType.Double), ("count", ColumnRole.Field, SqlType.BigInt), ("up", ColumnRole.Field, SqlType.Boolean),
             ("note", ColumnRole.Field, SqlType.Varchar)],
            create.Columns.Select(c => (c.Name, c.Role, c.Type)).ToArray());
        Assert.Equal(["retention", "shard_duration"], create.Options.Select(o => o.Name));
        Assert.Equal("30d", ((Literal)create.Options[0].Value).Value);
        Assert.Equal(86_400_000_000_000L, ((DurationLiteral)create.Options[1].Value).Nanoseconds);
        Assert.Equal(new SourcePosition(1, 33, 32), create.Columns[0].Position);
    }

    [Fact]
    public void CreateTableTypeAliases()
    {
        var create = Parse<CreateTableStatement>("create table t (ts timestamp, a int, b integer, c float, d double precision, e text, f bool, g varchar(40))");
        Assert.False(create.IfNotExists);
        Assert.Empty(create.Options);
        Assert.Equal([SqlType.Timestamp, SqlType.BigInt, SqlType.BigInt, SqlType.Double, SqlType.Double, SqlType.Varchar, SqlType.Boolean, SqlType.Varchar],
            create.Columns.Select(c => c.Type));
        Assert.Equal(["TIMESTAMP", "INT", "INTEGER", "FLOAT", "DOUBLE PRECISION", "TEXT", "BOOL", "VARCHAR(40)"], create.Columns.Select(c => c.TypeName));
    }

    [Fact]
    public void DropShowDescribe()
    {
        Assert.Equal(("cpu", true), Parse<DropTableStatement>("DROP TABLE IF EXISTS cpu") is var d ? (d.Table, d.IfExists) : default);
        Assert.False(Parse<DropTableStatement>("drop table cpu").IfExists);
        Parse<ShowTablesStatement>("SHOW TABLES");
        Assert.Equal("cpu", Parse<DescribeStatement>("DESCRIBE cpu").Table);
        Assert.Equal("cpu", Parse<DescribeStatement>("SHOW COLUMNS FROM cpu").Table);
        Assert.Equal("Cpu", Parse<DescribeStatement>("DESC \"Cpu\"").Table);
    }

    [Fact]
    public void InsertWithColumnListAndSeveralRows()
    {
        var insert = Parse<InsertStatement>("INSERT INTO cpu (time, host, usage) VALUES ('2024-01-01T00:00:00Z', 'a', 1.5), (@t, @h, -2)");
        Assert.Equal("cpu", insert.Table);
        Assert.Equal(["time", "host", "usage"], insert.Columns!);
        Assert.Equal(2, insert.Rows.Count);
        Assert.Equal(-2L, ((Literal)insert.Rows[1][2]).Value);
        Assert.Equal("h", ((Parameter)insert.Rows[1][1]).Name);
    }

    [Fact]
    public void InsertWithoutColumnList()
    {
        var insert = Parse<InsertStatement>("INSERT INTO cpu VALUES (1, 'a', 2.0)");
        Assert.Null(insert.Columns);
        Assert.Equal(3, Assert.Single(insert.Rows).Count);
    }

    [Fact]
    public void SelectWithEveryClause()
    {
        var select = Parse<SelectStatement>(
            "SELECT DISTINCT host AS h, avg(usage) mean_usage, * FROM cpu c WHERE time >= now() - INTERVAL '1 hour' " +
            "GROUP BY host SAMPLE BY 5m HAVING avg(usage) > 50 ORDER BY h DESC, 2 LIMIT 10 OFFSET 20");
        Assert.True(select.Distinct);
        Assert.Equal([("h", false), ("mean_usage", false), (null, true)], select.Items.Select(i => (i.Alias, i.Star)).ToArray());
        Assert.Equal(("cpu", "c"), (select.From!.Name, select.From.Alias));
        Assert.Equal("(time >= (now() - INTERVAL '1 hour'))", select.Where!.ToString());
        Assert.Equal("host", Assert.Single(select.GroupBy).ToString());
        Assert.Equal(300_000_000_000L, Assert.IsType<DurationLiteral>(select.SampleBy).Nanoseconds);
        Assert.Equal("(avg(usage) > 50)", select.Having!.ToString());
        Assert.Equal([true, false], select.OrderBy.Select(o => o.Descending));
        Assert.Equal(10L, ((Literal)select.Limit!).Value);
        Assert.Equal(20L, ((Literal)select.Offset!).Value);
    }

    [Fact]
    public void SelectMinimalAndWithoutFrom()
    {
        var select = Parse<SelectStatement>("SELECT now()");
        Assert.Null(select.From);
        Assert.Null(select.Where);
        Assert.Empty(select.GroupBy);
        Assert.Empty(select.OrderBy);
        Assert.Null(select.SampleBy);
        Assert.False(select.Distinct);
    }

    [Fact]
    public void SelectQualifiedStarAndParameterLimit()
    {
        var select = Parse<SelectStatement>("SELECT c.* FROM cpu AS c LIMIT @n OFFSET ?");
        var star = Assert.Single(select.Items);
        Assert.True(star.Star);
        Assert.Equal("c", star.StarTable);
        Assert.Equal("n", ((Parameter)select.Limit!).Name);
        Assert.Equal(1, ((Parameter)select.Offset!).Ordinal);
    }

    [Fact]
    public void SampleByAcceptsIntervalStringAndParameter()
    {
        Assert.IsType<IntervalLiteral>(Parse<SelectStatement>("SELECT avg(x) FROM t SAMPLE BY INTERVAL '1 hour'").SampleBy);
        Assert.IsType<Literal>(Parse<SelectStatement>("SELECT avg(x) FROM t SAMPLE BY '1h'").SampleBy);
        Assert.IsType<Parameter>(Parse<SelectStatement>("SELECT avg(x) FROM t SAMPLE BY @width").SampleBy);
    }

    [Fact]
    public void OrderByNulls()
    {
        var order = Parse<SelectStatement>("SELECT a FROM t ORDER BY a NULLS FIRST, b ASC NULLS LAST, c").OrderBy;
        Assert.Equal([true, false, null], order.Select(o => o.NullsFirst));
    }

    [Fact]
    public void DeleteWithAndWithoutWhere()
    {
        var delete = Parse<DeleteStatement>("DELETE FROM cpu WHERE time < TIMESTAMP '2024-01-01T00:00:00Z'");
        Assert.Equal("cpu", delete.Table);
        Assert.IsType<TimestampLiteral>(((Binary)delete.Where!).Right);
        Assert.Null(Parse<DeleteStatement>("DELETE FROM cpu").Where);
    }

    [Fact]
    public void Explain()
    {
        var explain = Parse<ExplainStatement>("EXPLAIN SELECT * FROM cpu");
        Assert.False(explain.Analyze);
        Assert.Equal("cpu", explain.Query.From!.Name);
        Assert.True(Parse<ExplainStatement>("EXPLAIN ANALYZE SELECT 1").Analyze);
    }

    [Fact]
    public void CopyToAndFrom()
    {
        var to = Parse<CopyToStatement>("COPY (SELECT * FROM cpu WHERE host = 'a') TO '/tmp/out.arrow' (FORMAT ARROW)");
        Assert.Equal(("/tmp/out.arrow", CopyFormat.Arrow), (to.Path, to.Format));
        Assert.NotNull(to.Query.Where);
        var table = Parse<CopyToStatement>("COPY cpu TO 'out.csv' WITH (FORMAT CSV)");
        Assert.Equal(("SELECT * FROM cpu", CopyFormat.Csv), (table.Query.ToString(), table.Format));
        var from = Parse<CopyFromStatement>("COPY cpu FROM 'in.csv' (FORMAT CSV)");
        Assert.Equal(("cpu", "in.csv", CopyFormat.Csv), (from.Table, from.Path, from.Format));
        Assert.Equal(CopyFormat.Arrow, Parse<CopyFromStatement>("COPY cpu FROM 'in.arrow'").Format);
    }

    [Fact]
    public void ScriptSplitsOnSemicolonsAndSkipsEmptyStatements()
    {
        var statements = SqlParser.ParseScript(";; SHOW TABLES; -- comment\n DESCRIBE cpu ;; /* x */ SELECT 1;");
        Assert.Equal([typeof(ShowTablesStatement), typeof(DescribeStatement), typeof(SelectStatement)], statements.Select(s => s.GetType()));
        Assert.Equal(new SourcePosition(2, 2, 28), statements[1].Position);
        Assert.Empty(SqlParser.ParseScript("  /* nothing */ ; "));
    }

    [Fact]
    public void UnknownFunctionNamesAreLeftToTheBinder()
    {
        var call = Assert.IsType<FunctionCall>(Assert.Single(Parse<SelectStatement>("SELECT agv(usage) FROM cpu").Items).Expression);
        Assert.Equal("agv", call.Name);
        Assert.DoesNotContain(call.Name, KnownFunctions.All);
        Assert.Equal("avg", Chronicle.Sql.NameSuggestions.NearestName(call.Name, KnownFunctions.All));
    }

    [Fact]
    public void KeywordsAreCaseInsensitive()
    {
        Assert.Equal(
            SqlParser.ParseStatement("SELECT a FROM t WHERE x BETWEEN 1 AND 2 ORDER BY a DESC LIMIT 1").ToString(),
            SqlParser.ParseStatement("select a from t where x between 1 and 2 order by a desc limit 1").ToString());
    }

    [Fact]
    public void StatementsFormatBackToParseableSql()
    {
        string[] scripts =
        [
            "CREATE TABLE IF NOT EXISTS \"Weird Name\" (time TIMESTAMP, \"select\" TAG, v DOUBLE) WITH (retention = INTERVAL '30 days')",
            "DROP TABLE IF EXISTS cpu",
            "INSERT INTO cpu (time, host) VALUES (1, 'a'), (2, NULL)",
            "SELECT DISTINCT host, count(*) AS n FROM cpu AS c WHERE (host LIKE 'a%') GROUP BY host SAMPLE BY 1h HAVING (count(*) > 1) ORDER BY n DESC NULLS LAST LIMIT 5 OFFSET 1",
            "EXPLAIN ANALYZE SELECT * FROM cpu",
            "COPY (SELECT * FROM cpu) TO 'a' (FORMAT CSV)",
            "COPY cpu FROM 'a' (FORMAT ARROW)",
            "DELETE FROM cpu WHERE (time < 5)",
            "SHOW TABLES",
            "DESCRIBE cpu",
        ];
        foreach (var sql in scripts)
        {
            var once = SqlParser.ParseStatement(sql).ToString();
            Assert.Equal(sql, once);
        }
    }
}
