namespace Chronicle.Data;

/// <summary>What kind of failure a <see cref="ChronicleException"/> reports.</summary>
public enum ChronicleErrorCode
{
    /// <summary>An error that fits no other code.</summary>
    Unknown = 0,
    /// <summary>The SQL text could not be parsed (see <see cref="ChronicleException.Line"/> and <see cref="ChronicleException.Column"/>).</summary>
    SyntaxError = 1,
    /// <summary>The SQL parsed but refers to an unknown table, column, function or parameter, or mixes types.</summary>
    SemanticError = 2,
    /// <summary>A parameter value has a CLR type the provider cannot bind (for example <see cref="Guid"/> or <c>byte[]</c>).</summary>
    ParameterType = 3,
    /// <summary>The database directory does not exist (<c>Mode=ReadWrite</c> or <c>Mode=ReadOnly</c>).</summary>
    DatabaseNotFound = 4,
    /// <summary>Another process holds the database directory's <c>LOCK</c> file.</summary>
    DatabaseLocked = 5,
    /// <summary>The database is already open in this process with an incompatible <c>Mode</c>.</summary>
    ModeConflict = 6,
    /// <summary>A storage operation failed (I/O error, disk full, an unknown table on the bulk path).</summary>
    StorageError = 7,
    /// <summary>A file of the database is corrupt (the message names the file and byte offset).</summary>
    Corruption = 8,
    /// <summary>The command ran longer than its <see cref="System.Data.Common.DbCommand.CommandTimeout"/>.</summary>
    Timeout = 9,
    /// <summary>The command was stopped by <see cref="System.Data.Common.DbCommand.Cancel"/>.</summary>
    Canceled = 10,
    /// <summary>A value does not fit the column it is written to (bulk insert).</summary>
    TypeMismatch = 11,
}
