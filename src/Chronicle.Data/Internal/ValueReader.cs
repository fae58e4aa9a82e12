using System.Globalization;
using Chronicle.Sql.Execution;

namespace Chronicle.Data.Internal;

/// <summary>
/// The one value reader: converts result values (<see cref="ColumnVector"/>) to CLR values, and
/// names result types. Timestamps (int64 nanoseconds, UTC) read as <see cref="DateTime"/> of kind
/// <see cref="DateTimeKind.Utc"/> (100 ns resolution, truncated toward the past), as
/// <see cref="DateTimeOffset"/> at offset zero, or exactly as <see cref="long"/> nanoseconds.
/// </summary>
internal static class ValueReader
{
    private const long NanosecondsPerTick = 100;

    /// <summary>The CLR type of <see cref="ChronicleDataReader.GetValue"/> for a column.</summary>
    public static Type GetFieldType(ResultType type) => type switch
    {
        ResultType.Timestamp => typeof(DateTime),
        ResultType.Double => typeof(double),
        ResultType.BigInt => typeof(long),
        ResultType.Boolean => typeof(bool),
        ResultType.VarChar => typeof(string),
        _ => typeof(object),
    };

    /// <summary>The SQL type name of a column: TIMESTAMP, DOUBLE, BIGINT, BOOLEAN, VARCHAR, TAG (tag columns) or NULL.</summary>
    public static string GetDataTypeName(ResultColumn column) => column.IsTag ? "TAG" : column.Type switch
    {
        ResultType.Timestamp => "TIMESTAMP",
        ResultType.Double => "DOUBLE",
        ResultType.BigInt => "BIGINT",
        ResultType.Boolean => "BOOLEAN",
        ResultType.VarChar => "VARCHAR",
        _ => "NULL",
    };

    /// <summary>The value at <paramref name="row"/> as its natural CLR type, or <see cref="DBNull.Value"/>.</summary>
    public static object GetValue(ColumnVector v, int row)
    {
        if (v.IsNull(row)) return DBNull.Value;
        return v.Type switch
        {
            ResultType.Timestamp => FromNanoseconds(v.Int64s![row]),
            ResultType.Double => v.Doubles![row],
            ResultType.BigInt => v.Int64s![row],
            ResultType.Boolean => v.Booleans![row],
            ResultType.VarChar => v.Strings![row]!,
            _ => DBNull.Value,
        };
    }

    /// <summary>
    /// The value at <paramref name="row"/> as <typeparamref name="T"/>. Nullable types and reference
    /// types read NULL as null; other types throw.
    /// </summary>
    /// <exception cref="InvalidCastException">NULL into a non-nullable type, or an unsupported conversion.</exception>
    /// <exception cref="OverflowException">A BIGINT that does not fit the narrower integer type.</exception>
    public static T GetFieldValue<T>(ColumnVector v, int row, int ordinal, ResultColumn column)
    {
        var target = typeof(T);
        if (v.IsNull(row))
        {
            if (default(T) is null) return default!; // reference type or Nullable<T>
            if (target == typeof(DBNull)) return (T)(object)DBNull.Value;
            throw Errors.IsNull(ordinal, column.Name);
        }
        // The natural type of the column, read without boxing (typeof(T) tests are JIT-time constants,
        // and (T)(object)x with T equal to x's type compiles to no allocation).
        if (typeof(T) == typeof(long) && v.Type is ResultType.Timestamp or ResultType.BigInt) return (T)(object)v.Int64s![row];
        if (typeof(T) == typeof(double) && v.Type == ResultType.Double) return (T)(object)v.Doubles![row];
        if (typeof(T) == typeof(bool) && v.Type == ResultType.Boolean) return (T)(object)v.Booleans![row];
        if (typeof(T) == typeof(string) && v.Type == ResultType.VarChar) return (T)(object)v.Strings![row]!;
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        if (underlying == typeof(object)) return (T)GetValue(v, row);
        return (T)Convert(v, row, underlying, column);
    }

    private static object Convert(ColumnVector v, int row, Type target, ResultColumn column)
    {
        switch (v.Type)
        {
            case ResultType.Timestamp:
            {
                long ns = v.Int64s![row];
                if (target == typeof(DateTime)) return FromNanoseconds(ns);
                if (target == typeof(DateTimeOffset)) return new DateTimeOffset(FromNanoseconds(ns));
                if (target == typeof(long)) return ns;
                if (target == typeof(string)) return FromNanoseconds(ns).ToString("O", CultureInfo.InvariantCulture);
                break;
            }
            case ResultType.BigInt:
            {
                long n = v.Int64s![row];
                try
                {
                    if (target == typeof(long)) return n;
                    if (target == typeof(int)) return checked((int)n);
                    if (target == typeof(short)) return checked((short)n);
                    if (target == typeof(byte)) return checked((byte)n);
                    if (target == typeof(double)) return (double)n;
                    if (target == typeof(float)) return (float)n;
                    if (target == typeof(decimal)) return (decimal)n;
                    if (target == typeof(TimeSpan)) return TimeSpan.FromTicks(n / NanosecondsPerTick);
                    if (target == typeof(string)) return n.ToString(CultureInfo.InvariantCulture);
                }
                catch (OverflowException)
                {
                    throw Errors.Overflow(column.Name, n, target);
                }
                break;
            }
            case ResultType.Double:
            {
                double d = v.Doubles![row];
                if (target == typeof(double)) return d;
                if (target == typeof(float)) return (float)d;
                if (target == typeof(decimal))
                {
                    try { return (decimal)d; }
                    catch (OverflowException) { throw Errors.Overflow(column.Name, d, target); }
                }
                if (target == typeof(string)) return d.ToString("R", CultureInfo.InvariantCulture);
                break;
            }
            case ResultType.Boolean:
                if (target == typeof(bool)) return v.Booleans![row];
                if (target == typeof(string)) return v.Booleans![row] ? "true" : "false";
                break;
            case ResultType.VarChar:
                if (target == typeof(string)) return v.Strings![row]!;
                if (target == typeof(char) && v.Strings![row]!.Length == 1) return v.Strings![row]![0];
                break;
        }
        throw Errors.Cast(column.Name, GetDataTypeName(column), target);
    }

    /// <summary>A UTC DateTime from nanoseconds since the Unix epoch (truncated to 100 ns, toward the past).</summary>
    public static DateTime FromNanoseconds(long nanoseconds) =>
        new(DateTime.UnixEpoch.Ticks + Math.DivRem(nanoseconds, NanosecondsPerTick) switch
        {
            var (q, r) when r < 0 => q - 1,
            var (q, _) => q,
        }, DateTimeKind.Utc);
}
