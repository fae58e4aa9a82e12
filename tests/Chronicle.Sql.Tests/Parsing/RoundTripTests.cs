using Chronicle.Sql.Parsing;
using Chronicle.Sql.Syntax;
using Xunit.Abstractions;

namespace Chronicle.Sql.Tests.Parsing;

/// <summary>Randomized: format a random tree, parse the text, format again; the texts must match.</summary>
public class RoundTripTests(ITestOutputHelper output)
{
    private static readonly string[] Names = ["a", "host", "time", "Mixed Case", "select", "usage_2", "first"];
    private static readonly string[] Functions = ["avg", "count", "time_bucket", "now", "Odd Name"];
    private static readonly string[] Durations = ["5m", "1h30m", "250ms", "10ns", "1w"];

    [Fact]
    public void RandomExpressionsSurviveFormatAndParse()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (var i = 0; i < 1000; i++)
        {
            var tree = Generate(random, 4);
            var text = SqlFormatter.Format(tree);
            string again;
            try
            {
                again = SqlParser.ParseExpression(text).ToString();
            }
            catch (ChronicleSqlException e)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}, case {i}: {text}\n{e.Message}");
            }
            Assert.True(text == again, $"seed {seed}, case {i}:\n{text}\n{again}");
        }
    }

    private static Expression Generate(Random random, int depth)
    {
        if (depth == 0 || random.Next(4) == 0) return Leaf(random);
        var d = depth - 1;
        return random.Next(10) switch
        {
            0 => new Binary((BinaryOperator)random.Next(Enum.GetValues<BinaryOperator>().Length), Generate(random, d), Generate(random, d)),
            1 => new Unary((UnaryOperator)random.Next(3), random.Next(2) == 0 ? new ColumnRef("x") : Generate(random, d)) is var u
                 && u.Operator == UnaryOperator.Negate && u.Operand is Literal { Kind: LiteralKind.Integer or LiteralKind.Decimal }
                     ? u with { Operator = UnaryOperator.Not } : u,
            2 => new Between(Generate(random, d), Generate(random, d), Generate(random, d), random.Next(2) == 0),
            3 => random.Next(3) == 0
                ? new InList(Generate(random, d), [new Parameter("ids", null, "@ids")], random.Next(2) == 0, true)
                : new InList(Generate(random, d), Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Generate(random, d)).ToArray(), random.Next(2) == 0),
            4 => new Like(Generate(random, d), Generate(random, d), random.Next(2) == 0, random.Next(2) == 0),
            5 => new IsNull(Generate(random, d), random.Next(2) == 0),
            6 => new Cast(Generate(random, d), (SqlType)random.Next(Enum.GetValues<SqlType>().Length)),
            7 => random.Next(3) switch
            {
                0 => new FunctionCall("count", [], Star: true),
                1 => new FunctionCall("percentile_cont", [new Literal(LiteralKind.Decimal, 0.9)],
                    WithinGroup: [new OrderItem(Generate(random, d), random.Next(2) == 0)]),
                _ => Enumerable.Range(0, random.Next(3)).Select(_ => Generate(random, d)).ToArray() is var args
                    ? new FunctionCall(Functions[random.Next(Functions.Length)], args, Distinct: args.Length > 0 && random.Next(5) == 0)
                    : throw new InvalidOperationException(),
            },
            _ => Generate(random, d),
        };
    }

    private static Expression Leaf(Random random) => random.Next(11) switch
    {
        0 => new Literal(LiteralKind.Integer, (long)random.Next(-1000, 1000)),
        1 => new Literal(LiteralKind.Decimal, Math.Round(random.NextDouble() * 100 - 50, random.Next(4)) * Math.Pow(10, random.Next(-8, 8))),
        2 => new Literal(LiteralKind.String, random.Next(2) == 0 ? "it's" : "2024-01-01T00:00:00Z"),
        3 => new Literal(LiteralKind.Boolean, random.Next(2) == 0),
        4 => Literal.Null,
        5 => new ColumnRef(Names[random.Next(Names.Length)], random.Next(4) == 0 ? "cpu" : null),
        6 => random.Next(3) switch
        {
            0 => new Parameter("p", null, "@p"),
            1 => new Parameter(null, 3, "$3"),
            _ => new Parameter(null, 1, "?"),
        },
        7 => new DurationLiteral(0, Durations[random.Next(Durations.Length)]),
        8 => new IntervalLiteral(0, "1 hour 30 minutes"),
        9 => new TimestampLiteral("2024-01-01T00:00:00Z"),
        _ => new FunctionCall("now", []),
    };
}
