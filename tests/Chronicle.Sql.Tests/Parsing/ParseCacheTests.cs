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
    public void MatchesAnLruModelOverRandomUse()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        var cache = new ParseCache(4);
        var model = new List<string>(); // most recent first
        var last = new Dictionary<string, IReadOnlyList<Chronicle.Sql.Syntax.Statement>>();
        for (int step = 0; step < 2000; step++)
        {
            var sql = $"SELECT {random.Next(10)}";
            bool cached = model.Remove(sql);
            model.Insert(0, sql);
            if (model.Count > 4) model.RemoveAt(4);
            var trees = cache.GetOrParse(sql);
            bool hit = last.TryGetValue(sql, out var previous) && ReferenceEquals(previous, trees);
            Assert.True(cached == hit, $"seed {seed}, step {step}: {sql} cached in the model: {cached}, hit: {hit}");
            last[sql] = trees;
            Assert.Equal(model.Count, cache.Count);
        }
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
