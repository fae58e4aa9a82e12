using Chronicle.Sql;
using Chronicle.Sql.Parsing;
using Xunit.Abstractions;

namespace Chronicle.Sql.Tests.Parsing;

public class Probe(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        var path = Environment.GetEnvironmentVariable("PROBE_FILE");
        if (path is null) return;
        foreach (var sql in File.ReadAllLines(path))
        {
            try
            {
                var r = SqlParser.ParseScript(sql.Replace("\\n", "\n"));
                output.WriteLine($"OK   {sql} => {string.Join(" ; ", r)}");
            }
            catch (ChronicleSqlException e)
            {
                output.WriteLine($"ERR  {sql} => [{e.Line},{e.Column}] found=<{e.Found}> expected=<{string.Join("|", e.Expected)}> msg={e.Message}");
            }
        }
    }
}
