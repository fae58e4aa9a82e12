using Chronicle.Sql.Execution;

namespace Chronicle.Sql.Tests.Execution;

public class InsertTests
{
    private static SqlFixture Cpu()
    {
        var f = new SqlFixture();
        f.Exec("CREATE TABLE cpu (time TIMESTAMP, host TAG, usage DOUBLE, n BIGINT, ok BOOLEAN, note VARCHAR)");
        return f;
    }

    [Fact]
    public void TimeValuesInEveryForm()
    {
        using var f = Cpu();
        long t0 = SqlFixture.Ns("2024-03-01T12:00:00Z");
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES ('2024-03-01T12:00:00Z', 'iso', 1)");
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES ('2024-03-01 12:00:00', 'iso-no-offset', 1)");
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES ('2024-03-01T14:00:00+02:00', 'iso-offset', 1)");
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES (TIMESTAMP '2024-03-01T12:00:00Z', 'literal', 1)");
        f.Exec($"INSERT INTO cpu (time, host, usage) VALUES ({t0}, 'ns', 1)");
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES (@t, 'utc', 1)", new SqlParameters().Add("t", new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc)));
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES (@t, 'unspecified', 1)", new SqlParameters().Add("t", new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Unspecified)));
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES (@t, 'local', 1)", new SqlParameters().Add("t", new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc).ToLocalTime()));
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES (@t, 'offset', 1)", new SqlParameters().Add("t", new DateTimeOffset(2024, 3, 1, 7, 0, 0, TimeSpan.FromHours(-5))));
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES ('2024-03-01T12:00:00.123456789Z', 'nanos', 1)");
        var rows = f.Rows("SELECT host, time FROM cpu WHERE host != 'nanos'");
        Assert.Equal(9, rows.Count);
        Assert.All(rows, r => Assert.Equal(t0, r[1]));
        Assert.Equal(t0 + 123456789, f.Scalar("SELECT time FROM cpu WHERE host = 'nanos'"));
    }

    [Fact]
    public void MissingTimeIsNowAndMissingFieldsAreAbsent()
    {
        using var f = Cpu();
        long before = Planning.TimeValues.Now();
        f.Exec("INSERT INTO cpu (host, usage) VALUES ('a', 5)");
        long after = Planning.TimeValues.Now();
        var row = Assert.Single(f.Rows("SELECT time, usage, n, ok, note FROM cpu"));
        Assert.InRange((long)row[0]!, before, after);
        Assert.Equal(5.0, row[1]);
        Assert.Null(row[2]);
        Assert.Null(row[3]);
        Assert.Null(row[4]);
        Assert.Equal(1L, f.Scalar("SELECT count(*) FROM cpu"));
        Assert.Equal(0L, f.Scalar("SELECT count(n) FROM cpu"));
    }

    [Fact]
    public void ValuesAreConvertedToTheColumnType()
    {
        using var f = Cpu();
        f.Exec("INSERT INTO cpu VALUES (1000, 'a', 7, 2.0, true, 'x'), (2000, 'a', '3.5', '12', 'false', 42)");
        var rows = f.Rows("SELECT usage, n, ok, note FROM cpu ORDER BY time");
        Assert.Equal([7.0, 2L, true, "x"], rows[0]);
        Assert.Equal([3.5, 12L, false, "42"], rows[1]);
    }

    [Fact]
    public void ConversionErrorsNameTheColumn()
    {
        using var f = Cpu();
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("INSERT INTO cpu (time, usage) VALUES (1, 'abc')"));
        Assert.Contains("column 'usage'", ex.Message);
        Assert.Contains("'abc'", ex.Message);
        Assert.Equal(42, ex.Column);
        ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("INSERT INTO cpu (time, n) VALUES (1, 2.5)"));
        Assert.Contains("column 'n'", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("INSERT INTO cpu (time, usage) VALUES ('yesterday', 1)"));
        Assert.Contains("column 'time'", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("INSERT INTO cpu (time, usgae) VALUES (1, 1)"));
        Assert.Contains("did you mean 'usage'", ex.Message);
        ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("INSERT INTO cpu VALUES (1, 'a', 1)"));
        Assert.Contains("3 values for 6 columns", ex.Message);
    }

    [Fact]
    public void ParametersNamedAndPositional()
    {
        using var f = Cpu();
        f.Exec("INSERT INTO cpu (time, host, usage, n) VALUES (@t, :h, $u, @n)",
            new SqlParameters().Add("@t", 5L).Add("h", "a").Add("u", 1.25f).Add("N", (short)4));
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES (?, ?, ?)", new SqlParameters().AddPositional(6L).AddPositional("b").AddPositional(2m));
        f.Exec("INSERT INTO cpu (time, host, usage) VALUES ($1, $2, $3)", new SqlParameters().AddPositional(7L).AddPositional("c").AddPositional(DBNull.Value));
        var rows = f.Rows("SELECT time, host, usage, n FROM cpu ORDER BY time");
        Assert.Equal([5L, "a", 1.25, 4L], rows[0]);
        Assert.Equal([6L, "b", 2.0, null], rows[1]);
        Assert.Equal(2, rows.Count); // the third row had no field value, so it wrote nothing
        var ex = Assert.Throws<ChronicleSqlException>(() => f.Exec("INSERT INTO cpu (time, usage) VALUES (1, @missing)"));
        Assert.Contains("parameter @missing has no value", ex.Message);
    }
}
