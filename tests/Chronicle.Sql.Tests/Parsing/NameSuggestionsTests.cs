using Chronicle.Sql.Syntax;

namespace Chronicle.Sql.Tests.Parsing;

public class NameSuggestionsTests
{
    [Theory]
    [InlineData("usge", "usage")]
    [InlineData("uasge", "usage")]
    [InlineData("HOST", "host")]
    [InlineData("regoin", "region")]
    public void SuggestsTheNearestColumn(string name, string expected) =>
        Assert.Equal(expected, NameSuggestions.NearestName(name, ["time", "host", "region", "usage"]));

    [Fact]
    public void SuggestsNothingWhenFar() =>
        Assert.Null(NameSuggestions.NearestName("memory", ["time", "host", "region", "usage"]));

    [Fact]
    public void SuggestsFunctions()
    {
        Assert.Equal("avg", NameSuggestions.NearestName("agv", KnownFunctions.All));
        Assert.Equal("percentile_cont", NameSuggestions.NearestName("percentile_count", KnownFunctions.All));
        Assert.Equal("time_bucket", NameSuggestions.NearestName("time_bukcet", KnownFunctions.All));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("form", "from", 1)]
    [InlineData("ca", "abc", 3)]
    public void Distance(string a, string b, int distance)
    {
        Assert.Equal(distance, NameSuggestions.Distance(a, b));
        Assert.Equal(distance, NameSuggestions.Distance(b, a));
    }

    [Fact]
    public void KnownFunctionsResolveAliases()
    {
        Assert.Equal("time_bucket", KnownFunctions.Canonical("date_bin"));
        Assert.Equal("sum", KnownFunctions.Canonical("sum"));
        Assert.True(KnownFunctions.IsAggregate("percentile_cont"));
        Assert.False(KnownFunctions.IsAggregate("time_bucket"));
        Assert.Contains("now", KnownFunctions.All);
    }
}
