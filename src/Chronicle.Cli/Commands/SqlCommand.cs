using System.Globalization;
using Chronicle.Data;

namespace Chronicle.Cli.Commands;

/// <summary><c>chronicle sql &lt;directory&gt; "&lt;sql&gt;"</c>: runs the statements and prints each query's rows as tab-separated text.</summary>
internal static class SqlCommand
{
    /// <summary>Runs the command; returns the process exit code (0, or 1 on a database error).</summary>
    public static int Run(string directory, string sql, TextWriter output)
    {
        try
        {
            using var connection = new ChronicleConnection(new ChronicleConnectionStringBuilder { DataSource = directory }.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            do
            {
                if (reader.FieldCount == 0) continue;
                output.WriteLine(string.Join('\t', Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)));
                while (reader.Read())
                    output.WriteLine(string.Join('\t', Enumerable.Range(0, reader.FieldCount).Select(i => Format(reader.GetValue(i)))));
            }
            while (reader.NextResult());
            reader.Close();
            if (reader.RecordsAffected >= 0) output.WriteLine($"{reader.RecordsAffected} row(s) affected");
            return 0;
        }
        catch (ChronicleException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string Format(object value) => value switch
    {
        DBNull => "NULL",
        DateTime dt => dt.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
