namespace Chronicle.Sql.Execution;

/// <summary>The type of a result column.</summary>
public enum ResultType
{
    /// <summary>Only NULLs (for example <c>SELECT NULL</c>).</summary>
    Null,
    /// <summary>int64 nanoseconds since the Unix epoch, UTC (in <see cref="ColumnVector.Int64s"/>).</summary>
    Timestamp,
    /// <summary>64-bit float (in <see cref="ColumnVector.Doubles"/>).</summary>
    Double,
    /// <summary>64-bit integer (in <see cref="ColumnVector.Int64s"/>).</summary>
    BigInt,
    /// <summary>Boolean (in <see cref="ColumnVector.Booleans"/>).</summary>
    Boolean,
    /// <summary>Text (in <see cref="ColumnVector.Strings"/>); tag columns are VarChar.</summary>
    VarChar,
}

/// <summary>A column of a query result.</summary>
/// <param name="Name">Output name: the alias, the column name, or the expression's text.</param>
/// <param name="Type">Value type.</param>
/// <param name="IsTag">True when the column is a tag of the table (export writes it dictionary-encoded).</param>
public sealed record ResultColumn(string Name, ResultType Type, bool IsTag = false);
