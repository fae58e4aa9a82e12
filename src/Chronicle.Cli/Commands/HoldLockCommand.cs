using Chronicle.Data;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>chronicle hold-lock &lt;directory&gt;</c>: opens (creating) the database, prints <c>locked</c>,
/// and keeps it open until standard input reaches its end. Tests use it as the "other process"
/// that holds a database directory's LOCK file.
/// </summary>
internal static class HoldLockCommand
{
    /// <summary>Runs the command; returns the process exit code (0, or 1 when the database cannot be opened).</summary>
    public static int Run(string directory, TextReader input, TextWriter output)
    {
        try
        {
            using var connection = new ChronicleConnection(new ChronicleConnectionStringBuilder { DataSource = directory }.ConnectionString);
            connection.Open();
            output.WriteLine("locked");
            output.Flush();
            while (input.ReadLine() is not null) { }
            return 0;
        }
        catch (ChronicleException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
