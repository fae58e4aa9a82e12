using Chronicle.Sql.Parsing;

namespace Chronicle.Sql.Tests.Parsing;

public class ParseCacheTests
{
    [Fact]
    public void SameTextReturnsTheSameTrees()
    {
        var sql = $"SELECT * FROM cache_test_{Guid.NewGuid():N}";
        var first = SqlParser.ParseCached(sql);
        Assert.Same(first, SqlParser.ParseCached(sql));
        Assert.NotSame(first, SqlParser.ParseScript(sql));
    }

    [Fact]
    public void EvictsTheLeastRecentlyUsed()
    {
        var cache = new ParseCache(2);
        var a = cache.GetOrParse("SELECT 1");
        var b = cache.GetOrParse("SELECT 2");
        Assert.Same(a, cache.GetOrParse("SELECT 1"));   // "SELECT 2" is now the oldest
        cache.GetOrParse("SELECT 3");
        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.GetOrParse("SELECT 1"));
        Assert.NotSame(b, cache.GetOrParse("SELECT 2"));
    }

    [Fact]
    public void ErrorsAreNotCached()
    {
        var cache = new ParseCache(4);
        Assert.Throws<ChronicleSqlException>(() => cache.GetOrParse("SELEC 1"));
        Assert.Throws<ChronicleSqlException>(() => cache.GetOrParse("SELEC 1"));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void RejectsZeroCapacity() => Assert.Throws<ArgumentOutOfRangeException>(() => new ParseCache(0));

    [Fact]
    public void ConcurrentCallersGetEquivalentTrees()
    {
        var cache = new ParseCache(8);
        var texts = Enumerable.Range(0, 32).Select(i => $"SELECT a + {i} FROM t WHERE b = {i}").ToArray();
        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var sql = texts[i % texts.Length];
            var statement = Assert.Single(cache.GetOrParse(sql));
            Assert.Equal(sql.Replace("a + ", "(a + ").Replace(" FROM", ") FROM").Replace("b = ", "(b = ") + ")", statement.ToString());
        });
        Assert.True(cache.Count <= 8);
    }
}
