using Chronicle.Sql.Execution;
using Chronicle.Storage;

namespace Chronicle.Sql.Tests.Execution;

/// <summary>An engine in a fresh temp directory with a SQL session; deleted on dispose.</summary>
public sealed class SqlFixture : IDisposable
{
    public SqlFixture(StorageOptions? options = null)
    {
        Directory.CreateDirectory(Path);
        Engine = StorageEngine.Open(Path, options ?? new StorageOptions { SyncMode = SyncMode.None, BackgroundCompaction = false, FlushInterval = TimeSpan.Zero });
        Database = new SqlDatabase(Engine);
        Session = Database.OpenSession();
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chronicle-sql-" + Guid.NewGuid().ToString("n"));
    public StorageEngine Engine { get; }
    public SqlDatabase Database { get; }
    public SqlSession Session { get; }

    /// <summary>Runs a script; returns the records affected of the last statement.</summary>
    public int Exec(string sql, SqlParameters? parameters = null)
    {
        int affected = 0;
        foreach (var r in Session.Execute(sql, parameters ?? SqlParameters.Empty))
        {
            affected = r.RecordsAffected;
            r.Query?.Dispose();
        }
        return affected;
    }

    /// <summary>Runs one query and returns its columns and rows (boxed: long ns for timestamps).</summary>
    public (IReadOnlyList<ResultColumn> Columns, List<object?[]> Rows) Query(string sql, SqlParameters? parameters = null)
    {
        var result = Session.Execute(sql, parameters ?? SqlParameters.Empty).Single();
        using var q = result.Query ?? throw new InvalidOperationException("not a query");
        var rows = new List<object?[]>();
        while (q.ReadBatch() is { } batch)
        {
            Assert.All(batch.Columns, c => Assert.Equal(batch.RowCount, c.Length));
            for (int r = 0; r < batch.RowCount; r++)
                rows.Add(batch.Columns.Select(c => c.GetValue(r)).ToArray());
        }
        return (q.Columns, rows);
    }

    /// <summary>The rows of a query.</summary>
    public List<object?[]> Rows(string sql, SqlParameters? parameters = null) => Query(sql, parameters).Rows;

    /// <summary>The single value of a one-row, one-column query.</summary>
    public object? Scalar(string sql, SqlParameters? parameters = null) => Assert.Single(Rows(sql, parameters))[0];

    public static long Ns(string iso) => Planning.TimeValues.TryParse(iso, out var ns) ? ns : throw new FormatException(iso);

    public void Dispose()
    {
        Session.Dispose();
        Engine.Dispose();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
