using Chronicle.Sql.Execution;
using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>Operator-level pieces that need no engine: time values, buckets, LIKE, conversions, vectors.</summary>
public class ValueTests
{
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("1970-01-01", 0L)]
    [InlineData("1970-01-01 00:00:01", 1_000_000_000L)]
    [InlineData("1970-01-01T00:00:00.000000001Z", 1L)]
    [InlineData("1970-01-01T00:00:00.5Z", 500_000_000L)]
    [InlineData("1970-01-01T01:00:00+01:00", 0L)]
    [InlineData("1969-12-31T23:59:59Z", -1_000_000_000L)]
    [InlineData("2024-02-29T12:34:56.123456789Z", 1709210096123456789L)]
    public void ParsesIso8601ToNanoseconds(string text, long expected)
    {
        Assert.True(TimeValues.TryParse(text, out var ns));
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-13-01")]
    [InlineData("")]
    [InlineData("2024-01-01T00:00:00.Z")]
    public void RejectsNonTimestamps(string text) => Assert.False(TimeValues.TryParse(text, out _));

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00Z")]
    [InlineData(1L, "1970-01-01T00:00:00.000000001Z")]
    [InlineData(-500_000_000L, "1969-12-31T23:59:59.5Z")]
    [InlineData(1709210096123456789L, "2024-02-29T12:34:56.123456789Z")]
    public void FormatsRoundTrip(long ns, string text)
    {
        Assert.Equal(text, TimeValues.Format(ns));
        Assert.True(TimeValues.TryParse(text, out var back));
        Assert.Equal(ns, back);
    }

    [Theory]
    [InlineData("5m", 300_000_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("250ms", 250_000_000L)]
    [InlineData("5 minutes", 300_000_000_000L)]
    [InlineData("1 hour 30 minutes", 5_400_000_000_000L)]
    [InlineData("1.5 hours", 5_400_000_000_000L)]
    [InlineData("2 days", 172_800_000_000_000L)]
    public void ParsesDurations(string text, long expected)
    {
        Assert.True(TimeValues.TryParseDuration(text, out var ns));
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("5x")]
    [InlineData("minutes")]
    [InlineData("")]
    public void RejectsNonDurations(string text) => Assert.False(TimeValues.TryParseDuration(text, out _));

    [Theory]
    [InlineData(0L, 10L, 0L, 0L)]
    [InlineData(9L, 10L, 0L, 0L)]
    [InlineData(10L, 10L, 0L, 10L)]
    [InlineData(-1L, 10L, 0L, -10L)]
    [InlineData(-10L, 10L, 0L, -10L)]
    [InlineData(7L, 10L, 3L, 3L)]
    [InlineData(2L, 10L, 3L, -7L)]
    public void BucketsFloorTowardTheOrigin(long time, long width, long origin, long expected) =>
        Assert.Equal(expected, TimeValues.Bucket(time, width, origin));

    [Fact]
    public void DateTimeKindsAreReadAsDocumented()
    {
        var utc = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(1704067200000000000L, TimeValues.FromDateTime(utc));
        Assert.Equal(1704067200000000000L, TimeValues.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified)));
        Assert.Equal(1704067200000000000L, TimeValues.FromDateTime(utc.ToLocalTime()));
        Assert.Equal(1704067200000000000L, TimeValues.FromDateTimeOffset(new DateTimeOffset(2024, 1, 1, 2, 0, 0, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData("abc", "a%", true)]
    [InlineData("abc", "_b_", true)]
    [InlineData("abc", "b%", false)]
    [InlineData("a.c", "a.c", true)]
    [InlineData("abc", "a.c", false)]
    [InlineData("50%", "50\\%", true)]
    [InlineData("500", "50\\%", false)]
    [InlineData("ABC", "abc", false)]
    public void LikePatterns(string value, string pattern, bool matches) =>
        Assert.Equal(matches, ExpressionEvaluator.LikeRegex(pattern, ignoreCase: false).IsMatch(value));

    [Fact]
    public void ConversionsReportWhyTheyFail()
    {
        Assert.True(ValueConverter.TryConvert("2.5", ResultType.VarChar, ResultType.Double, out var d, out _));
        Assert.Equal(2.5, d);
        Assert.True(ValueConverter.TryConvert(2.5, ResultType.Double, ResultType.BigInt, out var l, out _));
        Assert.Equal(2L, l);
        Assert.False(ValueConverter.TryConvert("x", ResultType.VarChar, ResultType.BigInt, out _, out var error));
        Assert.Equal("'x' is not a valid BIGINT", error);
        Assert.False(ValueConverter.TryConvert(1e300, ResultType.Double, ResultType.BigInt, out _, out error));
        Assert.Contains("out of range", error);
        Assert.Equal((1_500_000_000L, ResultType.BigInt), ValueConverter.FromClr(TimeSpan.FromSeconds(1.5)));
        Assert.Throws<ArgumentException>(() => ValueConverter.FromClr(new object()));
    }

    [Fact]
    public void VectorBuilderTracksNulls()
    {
        var b = new VectorBuilder(ResultType.Double, 2);
        b.AppendDouble(1);
        b.AppendNull();
        for (int i = 0; i < 100; i++) b.AppendDouble(i);
        var v = b.Build();
        Assert.Equal(102, v.Length);
        Assert.Equal(102, v.Doubles!.Length);
        Assert.False(v.IsNull(0));
        Assert.True(v.IsNull(1));
        Assert.False(v.IsNull(101));
        Assert.Equal(99.0, v.GetValue(101));
        var g = Vectors.Gather(v, [1, 0], 2);
        Assert.True(g.IsNull(0));
        Assert.Equal(1.0, g.GetValue(1));
    }
}
