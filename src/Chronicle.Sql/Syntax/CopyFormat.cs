namespace Chronicle.Sql.Syntax;

/// <summary>File formats of COPY.</summary>
public enum CopyFormat
{
    /// <summary>Apache Arrow IPC file format.</summary>
    Arrow,
    /// <summary>Comma-separated values with a header row.</summary>
    Csv,
}
