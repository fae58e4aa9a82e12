using Chronicle.Sql.Parsing;
using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Tests.Parsing;

/// <summary>COPY's option list: FORMAT ARROW | ARROW_STREAM | CSV and TIME_COLUMN 'name' | NONE.</summary>
public class CopyOptionsTests
{
    [Fact]
    public void Options_parse_in_any_order_and_format_back()
    {
        var a = Assert.IsType<CopyFromStatement>(SqlParser.ParseStatement("COPY flights FROM 'f.arrow' (FORMAT ARROW, TIME_COLUMN NONE)"));
        Assert.Equal((CopyFormat.Arrow, true, (string?)null), (a.Format, a.NumberRows, a.TimeColumn));
        var b = Assert.IsType<CopyFromStatement>(SqlParser.ParseStatement("COPY t FROM 'f' WITH (TIME_COLUMN 'Ts', FORMAT ARROW_STREAM)"));
        Assert.Equal((CopyFormat.ArrowStream, false, "Ts"), (b.Format, b.NumberRows, b.TimeColumn));
        var c = Assert.IsType<CopyFromStatement>(SqlParser.ParseStatement("COPY t FROM 'f' (TIME_COLUMN 'none')"));
        Assert.Equal((CopyFormat.Arrow, false, "none"), (c.Format, c.NumberRows, c.TimeColumn)); // quoted: a field named none
        var d = Assert.IsType<CopyToStatement>(SqlParser.ParseStatement("COPY (SELECT * FROM t) TO 'f' (FORMAT ARROW_STREAM)"));
        Assert.Equal(CopyFormat.ArrowStream, d.Format);

        foreach (var s in new Statement[] { a, b, c, d })
            Assert.Equal(s.ToString(), SqlParser.ParseStatement(s.ToString()!).ToString());
        Assert.Contains("TIME_COLUMN NONE", a.ToString());
        Assert.Contains("FORMAT ARROW_STREAM", d.ToString());
    }

    [Theory]
    [InlineData("COPY t TO 'f' (TIME_COLUMN NONE)", "line 1, column 28: TIME_COLUMN applies only to COPY ... FROM")]
    [InlineData("COPY t FROM 'f' (FORMAT ARROW, FORMAT CSV)", "line 1, column 32: COPY option FORMAT is given twice")]
    [InlineData("COPY t FROM 'f' (TIME_COLUMN NONE, TIME_COLUMN 'x')", "COPY option TIME_COLUMN is given twice")]
    [InlineData("COPY t FROM 'f' (TIME_COLUMN 3)", "expected")]
    public void Bad_options_are_reported_where_they_are(string sql, string message)
    {
        var e = Assert.Throws<ChronicleSqlException>(() => SqlParser.ParseStatement(sql));
        Assert.Contains(message, e.Message);
    }
}
