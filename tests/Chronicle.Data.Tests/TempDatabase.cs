namespace Chronicle.Data.Tests;

/// <summary>A fresh database directory under the temp folder, deleted on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "chronicle-data-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Directory)!);
    }

    /// <summary>The database directory (not created until a connection opens it).</summary>
    public string Directory { get; }

    public string ConnectionString => $"Data Source={Directory}";

    /// <summary>Opens a connection to the directory.</summary>
    public ChronicleConnection Open(string extra = "")
    {
        var c = new ChronicleConnection(ConnectionString + (extra.Length > 0 ? ";" + extra : ""));
        c.Open();
        return c;
    }

    /// <summary>Opens a connection and creates the test table <c>cpu</c> (time, host TAG, region TAG, usage DOUBLE, count BIGINT, up BOOLEAN, note VARCHAR).</summary>
    public ChronicleConnection OpenWithCpu()
    {
        var c = Open();
        c.Execute("CREATE TABLE cpu (time TIMESTAMP, host TAG, region TAG, usage DOUBLE, count BIGINT, up BOOLEAN, note VARCHAR)");
        return c;
    }

    public void Dispose()
    {
        try { if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}

internal static class ConnectionTestExtensions
{
    /// <summary>Runs SQL and returns the records affected.</summary>
    public static int Execute(this ChronicleConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Runs a query and returns its first column.</summary>
    public static object? Scalar(this ChronicleConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteScalar();
    }
}
