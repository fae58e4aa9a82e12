namespace Chronicle.Sql.Syntax;

/// <summary>File formats of COPY.</summary>
public enum CopyFormat
{
    /// <summary>Apache Arrow IPC file format (<c>FORMAT ARROW</c>); COPY FROM also reads the stream format under this name.</summary>
    Arrow,
    /// <summary>Apache Arrow IPC streaming format (<c>FORMAT ARROW_STREAM</c>).</summary>
    ArrowStream,
    /// <summary>Comma-separated values with a header row.</summary>
    Csv,
}
