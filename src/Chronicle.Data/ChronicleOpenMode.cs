namespace Chronicle.Data;

/// <summary>How a connection opens its database directory (connection string keyword <c>Mode</c>).</summary>
public enum ChronicleOpenMode
{
    /// <summary>Open the database, creating the directory and an empty database when missing. The default.</summary>
    ReadWriteCreate,
    /// <summary>Open an existing database for reading and writing; a missing one is a <see cref="ChronicleErrorCode.DatabaseNotFound"/> error.</summary>
    ReadWrite,
    /// <summary>Open an existing database without writing (no WAL appends, flushes or compaction); a missing one is an error.</summary>
    ReadOnly,
}
