using System.Diagnostics;
using Chronicle.Sql.Parsing;
using Xunit.Abstractions;

namespace Chronicle.Sql.Tests.Parsing;

public class TimingProbe(ITestOutputHelper output)
{
    [Fact]
    public void Time()
    {
        if (Environment.GetEnvironmentVariable("PROBE_TIME") is null) return;
        const string sql = "SELECT time_bucket('5m', time) AS bucket, host, avg(usage) AS mean, max(usage) " +
        "FROM cpu WHERE host IN ('web-1', 'web-2') AND region = @region AND time >= now() - INTERVAL '1 hour' " +
        "GROUP BY bucket, host ORDER BY bucket DESC LIMIT 100";
        for (var i = 0; i < 2000; i++) SqlParser.ParseStatement(sql);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        const int n = 20000;
        for (var i = 0; i < n; i++) SqlParser.ParseStatement(sql);
        sw.Stop();
        output.WriteLine($"parse {sw.Elapsed.TotalMicroseconds / n:F2} us, {(GC.GetAllocatedBytesForCurrentThread() - before) / n} B");
        foreach (var e in new[] { "a", "1", "a + 1", "f(a)", "a IN ('x', 'y')", "now() - INTERVAL '1 hour'" })
        {
            for (var i = 0; i < 100; i++) SqlParser.ParseExpression(e);
            var b0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.StartNew();
            for (var i = 0; i < 1000; i++) SqlParser.ParseExpression(e);
            output.WriteLine($"expr {e}: {(GC.GetAllocatedBytesForCurrentThread() - b0) / 1000} B {t0.Elapsed.TotalMicroseconds / 1000:F2} us");
        }
        foreach (var e in new[] { "SELECT a", "SELECT a FROM t", "SELECT time_bucket('5m', time) AS bucket, host, avg(usage) AS mean, max(usage) FROM cpu", "SELECT a FROM cpu WHERE host IN ('web-1', 'web-2') AND region = @region AND time >= now() - INTERVAL '1 hour'", "SELECT a FROM cpu GROUP BY bucket, host ORDER BY bucket DESC LIMIT 100", "SELECT a FROM t WHERE b", "SELECT a FROM t LIMIT 1", "SELECT a, b, c" })
        {
            for (var i = 0; i < 100; i++) SqlParser.ParseStatement(e);
            var b0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.StartNew();
            for (var i = 0; i < 1000; i++) SqlParser.ParseStatement(e);
            output.WriteLine($"stmt {e}: {(GC.GetAllocatedBytesForCurrentThread() - b0) / 1000} B {t0.Elapsed.TotalMicroseconds / 1000:F2} us");
        }
        sw.Restart();
        for (var i = 0; i < n; i++) Tokenizer.Tokenize(sql);
        output.WriteLine($"tokenize {sw.Elapsed.TotalMicroseconds / n:F2} us");
    }
}
