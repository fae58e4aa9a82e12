using System.Data;
using Chronicle.Data.Internal;

namespace Chronicle.Data.Tests;

public class ParameterTests
{
    [Theory]
    [InlineData("@host")]
    [InlineData(":host")]
    [InlineData("$host")]
    [InlineData("HOST")]
    public void Collection_finds_names_with_or_without_prefix_case_insensitively(string lookup)
    {
        var cmd = new ChronicleCommand();
        var p = cmd.Parameters.AddWithValue("host", "a");
        Assert.Same(p, cmd.Parameters[lookup]);
        Assert.True(cmd.Parameters.Contains(lookup));
        Assert.Equal(0, cmd.Parameters.IndexOf(lookup));
    }

    [Fact]
    public void Binder_applies_the_DateTime_policy()
    {
        var utc = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        var unspecified = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Unspecified);
        var local = utc.ToLocalTime();
        Assert.Equal(utc, ParameterBinder.ToEngineValue("t", utc));
        Assert.Equal(DateTimeKind.Utc, ((DateTime)ParameterBinder.ToEngineValue("t", unspecified)!).Kind);
        Assert.Equal(utc, ParameterBinder.ToEngineValue("t", unspecified));
        Assert.Equal(utc, ParameterBinder.ToEngineValue("t", local));
        Assert.Equal(1_717_243_200_000_000_000L, ParameterBinder.ToNanoseconds(unspecified));
    }

    [Fact]
    public void Binder_widens_integers_and_floats_and_maps_DBNull_to_null()
    {
        Assert.Equal(5L, ParameterBinder.ToEngineValue("p", 5));
        Assert.Equal(5L, ParameterBinder.ToEngineValue("p", (short)5));
        Assert.Equal(5L, ParameterBinder.ToEngineValue("p", (byte)5));
        Assert.Equal(5L, ParameterBinder.ToEngineValue("p", 5u));
        Assert.Equal(1.5, ParameterBinder.ToEngineValue("p", 1.5f));
        Assert.Equal(1.25, ParameterBinder.ToEngineValue("p", 1.25m));
        Assert.Equal(2L, ParameterBinder.ToEngineValue("p", DayOfWeek.Tuesday));
        Assert.Null(ParameterBinder.ToEngineValue("p", DBNull.Value));
        Assert.Equal("x", ParameterBinder.ToEngineValue("p", 'x'));
    }

    [Fact]
    public void Binder_rejects_unsupported_types_and_unset_values_naming_the_parameter()
    {
        var e = Assert.Throws<ChronicleException>(() => ParameterBinder.ToEngineValue("@id", Guid.NewGuid()));
        Assert.Equal(ChronicleErrorCode.ParameterType, e.Code);
        Assert.Contains("'@id'", e.Message);
        Assert.Contains("System.Guid", e.Message);
        Assert.Contains("'@blob'", Assert.Throws<ChronicleException>(() => ParameterBinder.ToEngineValue("@blob", new byte[1])).Message);
        Assert.Contains("'big'", Assert.Throws<ChronicleException>(() => ParameterBinder.ToEngineValue("big", ulong.MaxValue)).Message);
        Assert.Contains("'@x'", Assert.Throws<InvalidOperationException>(() => ParameterBinder.ToEngineValue("@x", null)).Message);
    }

    [Fact]
    public void Wrong_parameter_type_fails_execution_naming_the_parameter()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT usage FROM cpu WHERE host = @host";
        cmd.Parameters.AddWithValue("@host", Guid.NewGuid());
        var e = Assert.Throws<ChronicleException>(() => cmd.ExecuteReader());
        Assert.Equal(ChronicleErrorCode.ParameterType, e.Code);
        Assert.Contains("@host", e.Message);
        // Nothing is left open: the connection runs the next command.
        cmd.Parameters["host"].Value = "a";
        Assert.Null(cmd.ExecuteScalar());
    }

    [Fact]
    public void Missing_parameter_names_itself()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var e = Assert.Throws<ChronicleException>(() => c.Scalar("SELECT usage FROM cpu WHERE host = @nosuch"));
        Assert.Contains("nosuch", e.Message);
    }

    [Fact]
    public void Every_supported_type_round_trips_through_insert_and_select()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var t = new DateTime(2024, 3, 1, 8, 30, 0, DateTimeKind.Utc);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO cpu (time, host, region, usage, count, up, note) VALUES (@t, @host, @region, @usage, @count, @up, @note)";
        void Insert(object time, object usage, object count, object up, object note, string host)
        {
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("@t", time);
            cmd.Parameters.AddWithValue("host", host);
            cmd.Parameters.AddWithValue(":region", DBNull.Value);
            cmd.Parameters.AddWithValue("$usage", usage);
            cmd.Parameters.AddWithValue("count", count);
            cmd.Parameters.AddWithValue("up", up);
            cmd.Parameters.AddWithValue("note", note);
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        Insert(t, 1.5, 7L, true, "long+double", "h1");
        Insert(new DateTimeOffset(t.AddMinutes(1)).ToOffset(TimeSpan.FromHours(2)), 2.5f, 7, false, "int+float", "h2");
        Insert(t.AddMinutes(2), 3.25m, (short)7, true, "short+decimal", "h3");
        Insert(t.AddMinutes(3), 4, (byte)7, false, DBNull.Value, "h4");

        using var q = c.CreateCommand();
        q.CommandText = "SELECT time, host, region, usage, count, up, note FROM cpu ORDER BY time";
        using var r = q.ExecuteReader();
        var expected = new[] { (1.5, true, (string?)"long+double"), (2.5, false, "int+float"), (3.25, true, "short+decimal"), (4.0, false, null) };
        for (int i = 0; i < 4; i++)
        {
            Assert.True(r.Read());
            Assert.Equal(t.AddMinutes(i), r.GetDateTime(0));
            Assert.Equal($"h{i + 1}", r.GetString(1));
            Assert.True(r.IsDBNull(2));
            Assert.Equal(expected[i].Item1, r.GetDouble(3));
            Assert.Equal(7L, r.GetInt64(4));
            Assert.Equal(expected[i].Item2, r.GetBoolean(5));
            Assert.Equal(expected[i].Item3, r.GetFieldValue<string?>(6));
        }
        Assert.False(r.Read());
    }

    [Fact]
    public void DateTime_of_every_kind_selects_the_same_instant()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var utc = new DateTime(2024, 3, 1, 8, 30, 0, DateTimeKind.Utc);
        c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@t, 'a', 1)", ("t", utc));
        foreach (var t in new object[] { utc, DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), utc.ToLocalTime(), new DateTimeOffset(utc).ToOffset(TimeSpan.FromHours(-5)) })
            Assert.Equal(1L, c.Scalar("SELECT count(usage) FROM cpu WHERE time = @t", ("t", t)));
    }

    [Fact]
    public void Positional_parameters_bind_in_order()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO cpu (time, host, usage) VALUES ($1, $2, $3)";
        cmd.Parameters.AddPositional(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        cmd.Parameters.AddPositional("p");
        cmd.Parameters.AddPositional(9.5);
        Assert.Equal(1, cmd.ExecuteNonQuery());
        Assert.Equal(9.5, c.Scalar("SELECT usage FROM cpu WHERE host = ?", ("", "p")));
    }

    [Fact]
    public void Parameter_properties()
    {
        var p = new ChronicleParameter("x", 5);
        Assert.Equal(DbType.Int32, p.DbType);
        p.DbType = DbType.String;
        Assert.Equal(DbType.String, p.DbType);
        p.ResetDbType();
        Assert.Equal(DbType.Int32, p.DbType);
        Assert.Throws<ArgumentException>(() => p.Direction = ParameterDirection.Output);
        Assert.Throws<InvalidCastException>(() => new ChronicleCommand().Parameters.Add("not a parameter"));
    }
}
