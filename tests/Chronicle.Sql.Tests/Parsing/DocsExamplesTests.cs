using System.Text.RegularExpressions;
using Chronicle.Sql.Parsing;

namespace Chronicle.Sql.Tests.Parsing;

/// <summary>Every ```sql block of docs/sql.md parses.</summary>
public partial class DocsExamplesTests
{
    [GeneratedRegex(@"^```sql\s*\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex SqlBlock();

    [Fact]
    public void EverySqlExampleParses()
    {
        var blocks = SqlBlock().Matches(RepositoryFiles.Read("docs/sql.md")).Select(m => m.Groups[1].Value).ToArray();
        Assert.True(blocks.Length == Regex.Count(RepositoryFiles.Read("docs/sql.md"), "^```sql", RegexOptions.Multiline) && blocks.Length >= 5, $"only {blocks.Length} sql blocks found");
        foreach (var block in blocks)
        {
            try
            {
                Assert.NotEmpty(SqlParser.ParseScript(block));
            }
            catch (ChronicleSqlException e)
            {
                throw new Xunit.Sdk.XunitException($"docs/sql.md example does not parse: {e.Message}\n{block}");
            }
        }
    }
}
