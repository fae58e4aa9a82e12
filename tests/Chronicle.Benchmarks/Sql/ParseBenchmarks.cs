using BenchmarkDotNet.Attributes;
using Chronicle.Sql.Parsing;
using Chronicle.Sql.Syntax;

namespace Chronicle.Benchmarks.Sql;

/// <summary>
/// Parse time of typical statements (target: under 20 µs for the typical SELECT).
/// Run: <c>dotnet run -c Release --project tests/Chronicle.Benchmarks -- --filter *Parse* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    /// <summary>A typical dashboard query: filters, time range, bucketing, grouping, order, limit.</summary>
    private const string TypicalSelect =
        "SELECT time_bucket('5m', time) AS bucket, host, avg(usage) AS mean, max(usage) " +
        "FROM cpu WHERE host IN ('web-1', 'web-2') AND region = @region AND time >= now() - INTERVAL '1 hour' " +
        "GROUP BY bucket, host ORDER BY bucket DESC LIMIT 100";

    private const string Insert = "INSERT INTO cpu (time, host, region, usage) VALUES (@time, @host, @region, @usage)";

    [Benchmark(Baseline = true)]
    public Statement ParseTypicalSelect() => SqlParser.ParseStatement(TypicalSelect);

    [Benchmark]
    public IReadOnlyList<Token> TokenizeTypicalSelect() => Tokenizer.Tokenize(TypicalSelect);

    [Benchmark]
    public Statement ParseInsert() => SqlParser.ParseStatement(Insert);

    [Benchmark]
    public IReadOnlyList<Statement> ParseCachedTypicalSelect() => SqlParser.ParseCached(TypicalSelect);
}
