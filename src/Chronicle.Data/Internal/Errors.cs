using Chronicle.Sql;
using Chronicle.Storage;

namespace Chronicle.Data.Internal;

/// <summary>
/// Every error message of the provider, written once, and the one place where engine exceptions
/// are wrapped into <see cref="ChronicleException"/>.
/// </summary>
internal static class Errors
{
    // ---- API misuse (InvalidOperationException / ArgumentException) ----

    public static InvalidOperationException ConnectionNotOpen(string operation) =>
        new($"{operation} requires an open connection; call Open() or OpenAsync() first (the connection is closed).");

    public static InvalidOperationException NoConnection(string operation) =>
        new($"{operation}: the command has no Connection; set Connection or create the command with connection.CreateCommand().");

    public static InvalidOperationException NoCommandText(string operation) =>
        new($"{operation}: CommandText is empty; set it to one or more SQL statements.");

    public static InvalidOperationException NoDataSource() =>
        new("The connection string has no Data Source; set 'Data Source=<directory>'.");

    public static InvalidOperationException ConnectionAlreadyOpen() =>
        new("The connection is already open; close it before changing ConnectionString or opening it again.");

    public static InvalidOperationException ReaderOpen() =>
        new("The connection already has an open DataReader; close it before executing another command (one command at a time per connection).");

    public static InvalidOperationException TransactionAlreadyOpen() =>
        new("A transaction is already open on this connection; commit or roll it back first (nested transactions are not supported).");

    public static InvalidOperationException TransactionCompleted() =>
        new("The transaction has already been committed or rolled back.");

    public static InvalidOperationException TransactionOfOtherConnection() =>
        new("The command's Transaction belongs to another connection.");

    public static NotSupportedException CommandType(System.Data.CommandType type) =>
        new($"CommandType.{type} is not supported; Chronicle runs only CommandType.Text.");

    public static ArgumentException IsolationLevel(System.Data.IsolationLevel level) =>
        new($"Isolation level {level} is not supported; Chronicle transactions are ReadCommitted (use Unspecified or ReadCommitted).", nameof(level));

    public static ArgumentException NegativeTimeout(string property) =>
        new($"{property} must be 0 (no limit) or a positive number of seconds.", "value");

    public static InvalidOperationException EmptyBatch(string operation) =>
        new($"{operation}: the batch has no commands; add some to BatchCommands.");

    public static InvalidCastException WrongItemType(Type expected, object? item) =>
        new($"Only {expected.Name} objects can be added, not {item?.GetType().Name ?? "null"}.");

    public static InvalidOperationException DataSourceConnectionString() =>
        new("The connection string of a connection created by a ChronicleDataSource cannot be changed.");

    public static NotSupportedException ChangeDatabase() =>
        new("A Chronicle connection's database is its directory; open another connection instead.");

    public static NotSupportedException NoBinaryType() =>
        new("Chronicle has no binary (BLOB) type.");

    public static ObjectDisposedException DataSourceDisposed() =>
        new(nameof(ChronicleDataSource), "The data source has been disposed; create a new one with ChronicleDataSource.Create.");

    public static ArgumentException Direction(System.Data.ParameterDirection direction) =>
        new($"ParameterDirection.{direction} is not supported; Chronicle parameters are Input only.", "value");

    public static IndexOutOfRangeException NoSuchParameter(string name) =>
        new($"No parameter named '{name}' in the collection.");

    public static InvalidOperationException NoCurrentRow() =>
        new("No current row: call Read() and check that it returned true before reading values.");

    public static InvalidOperationException ReaderClosed(string operation) =>
        new($"{operation}: the DataReader is closed.");

    public static IndexOutOfRangeException NoSuchColumn(string name, IEnumerable<string> names) =>
        new($"No column named '{name}' in the result; the columns are: {string.Join(", ", names)}.");

    public static IndexOutOfRangeException OrdinalOutOfRange(int ordinal, int fieldCount) =>
        new($"Column ordinal {ordinal} is out of range; the result has {fieldCount} column(s) (0 to {fieldCount - 1}).");

    public static InvalidCastException IsNull(int ordinal, string name) =>
        new($"Column {ordinal} ('{name}') is NULL in this row; check IsDBNull() first or read it as a nullable type.");

    public static InvalidCastException Cast(string name, string dataTypeName, Type target) =>
        new($"Cannot read column '{name}' of type {dataTypeName} as {target.Name}.");

    public static OverflowException Overflow(string name, object value, Type target) =>
        new($"The value {value} of column '{name}' does not fit in {target.Name}.");

    public static InvalidOperationException ParameterValueNotSet(string name) =>
        new($"Parameter '{name}' has no Value; set Value (use DBNull.Value for SQL NULL).");

    public static ArgumentException UnknownKeyword(string keyword, IEnumerable<string> valid) =>
        new($"Unknown connection string keyword '{keyword}'. Valid keywords: {string.Join(", ", valid)}.", nameof(keyword));

    public static ArgumentException BadKeywordValue(string keyword, object? value, string expected) =>
        new($"Invalid value '{value}' for connection string keyword '{keyword}': expected {expected}.", nameof(value));

    // ---- bulk insert state machine ----

    public static InvalidOperationException BulkNotInRow(string operation) =>
        new($"{operation}: no row is started; call StartRow() before writing values.");

    public static InvalidOperationException BulkTooManyColumns(int columns) =>
        new($"The row already has all {columns} column(s) written; call StartRow() for the next row.");

    public static InvalidOperationException BulkRowIncomplete(int written, int columns, string next) =>
        new($"The current row has {written} of {columns} column(s) written; write '{next}' and the rest (or WriteNull()) before starting another row or completing.");

    public static InvalidOperationException BulkCompleted(string operation) =>
        new($"{operation}: the bulk insert has already been completed.");

    public static InvalidOperationException BulkDisposed(string operation) =>
        new($"{operation}: the bulk insert was disposed (nothing written unless Complete() was called first).");

    public static InvalidOperationException BulkTimeNull() =>
        new("The time column cannot be NULL: every row needs a timestamp.");

    public static ArgumentException BulkUnknownColumn(string table, string column, IEnumerable<string> names) =>
        new($"Table '{table}' has no column '{column}'; its columns are: {string.Join(", ", names)}.", nameof(column));

    public static ArgumentException BulkDuplicateColumn(string column) =>
        new($"Column '{column}' is named twice.", nameof(column));

    public static ArgumentException BulkNoTimeColumn(string table, string timeColumn) =>
        new($"The columns must include the time column '{timeColumn}' of table '{table}'.", "columns");

    public static ArgumentException BulkColumnsNotAFieldOf(string table, string field) =>
        new($"'{field}' is not a DOUBLE field column of table '{table}'.", nameof(field));

    public static ArgumentException BulkTagCount(int given, int expected) =>
        new($"tagValues has {given} value(s); expected {expected}, one per tag column named in BeginBulkInsert, in that order.", "tagValues");

    public static ArgumentException BulkLengths(int timestamps, int values) =>
        new($"timestamps has {timestamps} value(s) but values has {values}; they must be the same length.", "values");

    public static InvalidCastException BulkWrongType(string table, string column, string kind, Type type) =>
        new($"Column '{column}' of table '{table}' is {kind}; a value of type {type.Name} cannot be written to it.");

    public static InvalidOperationException BulkOpenOnConnection() =>
        new("A bulk insert is already in progress on this connection; complete or dispose it first.");

    // ---- database errors (ChronicleException) ----

    public static ChronicleException DatabaseNotFound(string directory, string mode) =>
        new(ChronicleErrorCode.DatabaseNotFound, $"No Chronicle database in '{directory}' (Mode={mode} does not create one); use Mode=ReadWriteCreate to create it.");

    public static ChronicleException ModeConflict(string directory, bool openReadOnly) =>
        new(ChronicleErrorCode.ModeConflict, openReadOnly
            ? $"The database '{directory}' is already open read-only in this process; close those connections before opening it for writing."
            : $"The database '{directory}' is already open for writing in this process; a Mode=ReadOnly connection cannot share it. Close the other connections or drop Mode=ReadOnly.");

    public static ChronicleException Timeout(int seconds, Exception? inner) =>
        new(ChronicleErrorCode.Timeout, $"The command timed out after {seconds} s (CommandTimeout); raise CommandTimeout, or set it to 0 for no limit.", inner);

    public static ChronicleException Canceled(Exception? inner) =>
        new(ChronicleErrorCode.Canceled, "The command was cancelled by DbCommand.Cancel().", inner);

    public static ChronicleException ParameterType(string name, Type type) =>
        new(ChronicleErrorCode.ParameterType, $"Parameter '{name}' has a value of type {type.FullName}, which Chronicle cannot bind. Use long, int, short, byte, double, float, decimal, bool, string, DateTime, DateTimeOffset, TimeSpan or DBNull.Value.");

    public static ChronicleException ParameterOverflow(string name, object value) =>
        new(ChronicleErrorCode.ParameterType, $"Parameter '{name}' has the value {value}, which does not fit in a 64-bit integer (BIGINT).");

    /// <summary>
    /// Wraps an engine exception (SQL, storage, type) into a <see cref="ChronicleException"/>;
    /// returns null for anything that is not an engine error (it then propagates unchanged).
    /// </summary>
    public static ChronicleException? Wrap(Exception e) => e switch
    {
        ChronicleException => null,
        ChronicleSqlException s => new ChronicleException(
            s.Message.Contains(": unexpected ", StringComparison.Ordinal) ? ChronicleErrorCode.SyntaxError : ChronicleErrorCode.SemanticError,
            s.Message, s.Line, s.Column, s.Found, s.Expected, s),
        CorruptionException c => new ChronicleException(ChronicleErrorCode.Corruption, c.Message, c),
        StorageException st => new ChronicleException(
            st.Message.Contains("lock file", StringComparison.OrdinalIgnoreCase) ? ChronicleErrorCode.DatabaseLocked : ChronicleErrorCode.StorageError,
            st.Message, st),
        InvalidCastException ic => new ChronicleException(ChronicleErrorCode.TypeMismatch, ic.Message, ic),
        _ => null,
    };

    /// <summary>True when <see cref="Wrap"/> would wrap <paramref name="e"/>.</summary>
    public static bool IsEngineError(Exception e) =>
        e is ChronicleSqlException or StorageException or InvalidCastException;
}
