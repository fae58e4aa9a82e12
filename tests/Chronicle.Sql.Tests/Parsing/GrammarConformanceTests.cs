using System.Reflection;
using System.Text.RegularExpressions;
using Chronicle.Sql.Parsing;

namespace Chronicle.Sql.Tests.Parsing;

/// <summary>The EBNF file and the parser stay in step: one parser field per production, same name.</summary>
public partial class GrammarConformanceTests
{
    [GeneratedRegex(@"\(\*.*?\*\)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^\s*([a-z_]+)\s*=", RegexOptions.Multiline)]
    private static partial Regex Production();

    private static string[] ProductionNames() =>
        Production().Matches(Comment().Replace(RepositoryFiles.Read("grammar/chronicle.ebnf"), ""))
            .Select(m => m.Groups[1].Value).ToArray();

    private static string PascalCase(string snake) =>
        string.Concat(snake.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static readonly Type GrammarType = typeof(SqlParser).Assembly.GetType("Chronicle.Sql.Parsing.Grammar", throwOnError: true)!;

    [Fact]
    public void EveryProductionHasAParserOfTheSameName()
    {
        var names = ProductionNames();
        Assert.True(names.Length >= 50, $"only {names.Length} productions found");
        var members = GrammarType.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public).Select(f => f.Name).ToHashSet();
        var missing = names.Where(n => !members.Contains(PascalCase(n))).ToArray();
        Assert.True(missing.Length == 0, "productions without a parser: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryGrammarRuleIsAProduction()
    {
        var productions = ProductionNames().Select(PascalCase).ToHashSet();
        var rules = GrammarType.GetFields(BindingFlags.Static | BindingFlags.NonPublic)
            .Where(f => f.IsAssembly && f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(Sprache.Parser<>))
            .Select(f => f.Name).ToArray();
        Assert.NotEmpty(rules);
        var extra = rules.Where(r => !productions.Contains(r)).ToArray();
        Assert.True(extra.Length == 0, "rules missing from grammar/chronicle.ebnf: " + string.Join(", ", extra));
    }

    [Fact]
    public void ProductionsAreDefinedOnce()
    {
        var names = ProductionNames();
        Assert.Equal(names.Length, names.Distinct().Count());
    }
}
