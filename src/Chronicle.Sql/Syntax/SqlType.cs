namespace Chronicle.Sql.Syntax;

/// <summary>The types a column or a CAST can name. Aliases map here (INT, INTEGER -> BigInt; FLOAT, REAL, DOUBLE PRECISION -> Double; TEXT, STRING -> Varchar; BOOL -> Boolean).</summary>
public enum SqlType
{
    /// <summary>TIMESTAMP: int64 nanoseconds since the Unix epoch, UTC.</summary>
    Timestamp,
    /// <summary>DOUBLE: 64-bit IEEE float.</summary>
    Double,
    /// <summary>BIGINT: 64-bit signed integer.</summary>
    BigInt,
    /// <summary>BOOLEAN.</summary>
    Boolean,
    /// <summary>VARCHAR: UTF-8 string (also the type of TAG columns).</summary>
    Varchar,
    /// <summary>INTERVAL: a duration in nanoseconds (CAST target only).</summary>
    Interval,
}
