using Dapper;

namespace Chronicle.Data.Tests;

/// <summary>The provider under Dapper, the way applications use it.</summary>
public class DapperTests
{
    public sealed record Reading(DateTime Time, string Host, double Usage);

    public sealed class ReadingClass
    {
        public DateTime Time { get; set; }
        public string Host { get; set; } = "";
        public string? Region { get; set; }
        public double Usage { get; set; }
        public long? Count { get; set; }
        public bool? Up { get; set; }
        public string? Note { get; set; }
    }

    private static readonly DateTime T0 = new(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ChronicleConnection Seed(TempDatabase db)
    {
        var c = db.OpenWithCpu();
        var rows = Enumerable.Range(0, 30).Select(i => new { time = T0.AddMinutes(i), host = $"h{i % 3}", region = i % 2 == 0 ? "eu" : null, usage = i * 0.5, count = (long)i, up = i % 5 != 0, note = i == 7 ? "seven" : null });
        Assert.Equal(30, c.Execute("INSERT INTO cpu (time, host, region, usage, count, up, note) VALUES (@time, @host, @region, @usage, @count, @up, @note)", rows));
        return c;
    }

    [Fact]
    public void Query_into_records_and_classes()
    {
        using var db = new TempDatabase();
        using var c = Seed(db);
        var records = c.Query<Reading>("SELECT time, host, usage FROM cpu WHERE host = @host ORDER BY time", new { host = "h1" }).ToList();
        Assert.Equal(10, records.Count);
        Assert.Equal(new Reading(T0.AddMinutes(1), "h1", 0.5), records[0]);
        Assert.Equal(DateTimeKind.Utc, records[0].Time.Kind);

        var classes = c.Query<ReadingClass>("SELECT * FROM cpu ORDER BY time").ToList();
        Assert.Equal(30, classes.Count);
        Assert.Equal("eu", classes[0].Region);
        Assert.Null(classes[1].Region);
        Assert.Equal(7L, classes[7].Count);
        Assert.Equal("seven", classes[7].Note);
        Assert.False(classes[5].Up);
    }

    [Fact]
    public void QuerySingle_and_ExecuteScalar_of_T()
    {
        using var db = new TempDatabase();
        using var c = Seed(db);
        var r = c.QuerySingle<Reading>("SELECT time, host, usage FROM cpu WHERE time = @t", new { t = T0.AddMinutes(4) });
        Assert.Equal("h1", r.Host);
        Assert.Equal(30L, c.ExecuteScalar<long>("SELECT count(usage) FROM cpu"));
        Assert.Equal(30, c.ExecuteScalar<int>("SELECT count(usage) FROM cpu"));
        Assert.Equal(14.5, c.ExecuteScalar<double>("SELECT max(usage) FROM cpu"));
        Assert.Equal(T0.AddMinutes(29), c.ExecuteScalar<DateTime>("SELECT max(time) FROM cpu"));
        Assert.Throws<InvalidOperationException>(() => c.QuerySingle<Reading>("SELECT time, host, usage FROM cpu"));
    }

    [Fact]
    public void In_list_expansion()
    {
        using var db = new TempDatabase();
        using var c = Seed(db);
        var hosts = new[] { "h0", "h2" };
        Assert.Equal(20L, c.ExecuteScalar<long>("SELECT count(usage) FROM cpu WHERE host IN @hosts", new { hosts }));
        Assert.Equal(["h0", "h2"], c.Query<string>("SELECT DISTINCT host FROM cpu WHERE host IN @hosts ORDER BY host", new { hosts }));
    }

    [Fact]
    public async Task Async_variants()
    {
        using var db = new TempDatabase();
        using var c = Seed(db);
        var rows = (await c.QueryAsync<Reading>("SELECT time, host, usage FROM cpu WHERE usage >= @min ORDER BY time", new { min = 14.0 })).ToList();
        Assert.Equal([14.0, 14.5], rows.Select(r => r.Usage));
        Assert.Equal(2, await c.ExecuteAsync("INSERT INTO cpu (time, host, usage) VALUES (@time, @host, @usage)",
            new[] { new { time = T0.AddDays(1), host = "x", usage = 1.0 }, new { time = T0.AddDays(2), host = "x", usage = 2.0 } }));
        Assert.Equal(3.0, await c.ExecuteScalarAsync<double>("SELECT sum(usage) FROM cpu WHERE host = 'x'"));
        var one = await c.QuerySingleAsync<Reading>("SELECT time, host, usage FROM cpu WHERE host = 'x' AND usage = @u", new { u = 2.0 });
        Assert.Equal(T0.AddDays(2), one.Time);
    }

    [Fact]
    public void Parameters_of_every_supported_type()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var p = new
        {
            time = new DateTimeOffset(T0).ToOffset(TimeSpan.FromHours(9)),
            host = "all",
            usage = 1.25f,
            count = (short)3,
            up = true,
            note = (string?)null,
        };
        c.Execute("INSERT INTO cpu (time, host, usage, count, up, note) VALUES (@time, @host, @usage, @count, @up, @note)", p);
        var back = c.QuerySingle<ReadingClass>("SELECT * FROM cpu WHERE host = @host AND count = @count AND usage = @usage AND up = @up AND time = @time",
            new { host = "all", count = 3L, usage = 1.25m, up = true, time = T0 });
        Assert.Equal(T0, back.Time);
        Assert.Equal(1.25, back.Usage);
        Assert.Equal(3L, back.Count);
        Assert.True(back.Up);
        Assert.Null(back.Note);
        Assert.Equal(1, c.ExecuteScalar<int>("SELECT count(usage) FROM cpu WHERE count = @b", new { b = (byte)3 }));
        Assert.Equal(1, c.ExecuteScalar<int>("SELECT count(usage) FROM cpu WHERE count = @i", new { i = 3 }));
        Assert.Equal(1, c.ExecuteScalar<int>("SELECT count(usage) FROM cpu WHERE usage = @d", new { d = 1.25 }));
        Assert.Equal(1, c.ExecuteScalar<int>("SELECT count(usage) FROM cpu WHERE time > @t - @span", new { t = T0, span = TimeSpan.FromMinutes(1) }));
        var e = Assert.Throws<ChronicleException>(() => c.Execute("SELECT count(usage) FROM cpu WHERE host = @g", new { g = Guid.NewGuid() }));
        Assert.Contains("g", e.Message);
        Assert.Equal(ChronicleErrorCode.ParameterType, e.Code);
    }

    [Fact]
    public void DateTime_of_every_kind()
    {
        using var db = new TempDatabase();
        using var c = db.OpenWithCpu();
        var kinds = new[] { T0, DateTime.SpecifyKind(T0.AddHours(1), DateTimeKind.Unspecified), T0.AddHours(2).ToLocalTime() };
        c.Execute("INSERT INTO cpu (time, host, usage) VALUES (@time, 'k', 1)", kinds.Select(t => new { time = t }));
        var times = c.Query<DateTime>("SELECT time FROM cpu ORDER BY time").ToList();
        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2)], times);
        Assert.All(times, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        Assert.Equal(1, c.ExecuteScalar<int>("SELECT count(usage) FROM cpu WHERE time = @t", new { t = DateTime.SpecifyKind(T0.AddHours(2), DateTimeKind.Unspecified) }));
    }
}
