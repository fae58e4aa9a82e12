using Chronicle.Sql.Parsing;

namespace Chronicle.Sql.Tests.Parsing;

public class DurationParserTests
{
    [Theory]
    [InlineData("1ns", 1L)]
    [InlineData("1us", 1_000L)]
    [InlineData("1µs", 1_000L)]
    [InlineData("2ms", 2_000_000L)]
    [InlineData("1m1s", 61_000_000_000L)]
    [InlineData("1w1d", 691_200_000_000_000L)]
    public void CompactForm(string text, long nanoseconds)
    {
        Assert.True(DurationParser.TryParseDuration(text, out var value));
        Assert.Equal(nanoseconds, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("5x")]
    [InlineData("5min")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("99999999999w")]
    public void CompactFormRejects(string text) => Assert.False(DurationParser.TryParseDuration(text, out _));

    [Theory]
    [InlineData("5 minutes", 300_000_000_000L)]
    [InlineData("1 HOUR", 3_600_000_000_000L)]
    [InlineData("1h 30m", 5_400_000_000_000L)]
    [InlineData("5minutes", 300_000_000_000L)]
    [InlineData("1 month", 2_592_000_000_000_000L)]
    [InlineData("1 year", 31_536_000_000_000_000L)]
    [InlineData("0.5 seconds", 500_000_000L)]
    [InlineData(" - 2 hours ", -7_200_000_000_000L)]
    public void IntervalForm(string text, long nanoseconds)
    {
        Assert.True(DurationParser.TryParseInterval(text, out var value));
        Assert.Equal(nanoseconds, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hour")]
    [InlineData("5")]
    [InlineData("5 lightyears")]
    [InlineData("1 hour 30")]
    [InlineData("1000 years")]
    public void IntervalFormRejects(string text) => Assert.False(DurationParser.TryParseInterval(text, out _));
}
