using System.Globalization;
using Chronicle.Sql.Planning;

namespace Chronicle.Sql.Execution;

/// <summary>
/// The one place where values change type: CAST, INSERT into a typed column, parameters to SQL
/// values. SQL values are boxed as long (BigInt and Timestamp nanoseconds), double, bool or string.
/// </summary>
internal static class ValueConverter
{
    /// <summary>
    /// A CLR parameter value as a SQL value and its type: integers -> BigInt, float/double/decimal -> Double,
    /// DateTime/DateTimeOffset -> Timestamp (see <see cref="TimeValues.FromDateTime"/>), TimeSpan -> BigInt nanoseconds.
    /// </summary>
    /// <exception cref="ArgumentException">The CLR type has no SQL counterpart.</exception>
    public static (object? Value, ResultType Type) FromClr(object? value) => value switch
    {
        null or DBNull => (null, ResultType.Null),
        long l => (l, ResultType.BigInt),
        int i => ((long)i, ResultType.BigInt),
        short s => ((long)s, ResultType.BigInt),
        byte b => ((long)b, ResultType.BigInt),
        sbyte b => ((long)b, ResultType.BigInt),
        ushort u => ((long)u, ResultType.BigInt),
        uint u => ((long)u, ResultType.BigInt),
        ulong u => ((long)u, ResultType.BigInt),
        double d => (d, ResultType.Double),
        float f => ((double)f, ResultType.Double),
        decimal m => ((double)m, ResultType.Double),
        bool b => (b, ResultType.Boolean),
        string s => (s, ResultType.VarChar),
        char c => (c.ToString(), ResultType.VarChar),
        Guid g => (g.ToString(), ResultType.VarChar),
        DateTime dt => (TimeValues.FromDateTime(dt), ResultType.Timestamp),
        DateTimeOffset dto => (TimeValues.FromDateTimeOffset(dto), ResultType.Timestamp),
        TimeSpan ts => (ts.Ticks * 100, ResultType.BigInt),
        _ => throw new ArgumentException($"parameter values of type {value.GetType().Name} are not supported"),
    };

    /// <summary>
    /// Converts a SQL value of type <paramref name="from"/> to <paramref name="to"/>, or returns false with a reason.
    /// </summary>
    public static bool TryConvert(object? value, ResultType from, ResultType to, out object? result, out string? error)
    {
        result = null;
        error = null;
        if (value is null || to == from) { result = value; return true; }
        try
        {
            switch (to)
            {
                case ResultType.Double:
                    result = value switch
                    {
                        double d => d,
                        long l => (double)l,
                        bool b => b ? 1.0 : 0.0,
                        string s => double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture),
                        _ => null,
                    };
                    break;
                case ResultType.BigInt:
                    result = value switch
                    {
                        long l => l,
                        double d when double.IsFinite(d) && Math.Abs(d) < 9.2e18 => (long)Math.Round(d, MidpointRounding.ToEven),
                        double => throw new OverflowException("bigint out of range"),
                        bool b => b ? 1L : 0L,
                        string s => long.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                        _ => null,
                    };
                    break;
                case ResultType.Timestamp:
                    result = value switch
                    {
                        long l => l,
                        double d => (long)d,
                        string s when TimeValues.TryParse(s, out var ns) => ns,
                        string s => throw new FormatException($"'{s}' is not an ISO-8601 timestamp"),
                        _ => null,
                    };
                    break;
                case ResultType.Boolean:
                    result = value switch
                    {
                        bool b => b,
                        long l => l != 0,
                        double d => d != 0,
                        string s => s.Trim().ToLowerInvariant() switch
                        {
                            "true" or "t" or "yes" or "y" or "on" or "1" => true,
                            "false" or "f" or "no" or "n" or "off" or "0" => false,
                            _ => throw new FormatException($"'{s}' is not a boolean"),
                        },
                        _ => null,
                    };
                    break;
                case ResultType.VarChar:
                    result = from == ResultType.Timestamp && value is long ts ? TimeValues.Format(ts) : ToText(value);
                    break;
                case ResultType.Null:
                    result = null;
                    break;
            }
            if (result is null) { error = $"cannot convert {SqlErrors.TypeName(from)} to {SqlErrors.TypeName(to)}"; return false; }
            return true;
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            error = ex is FormatException && value is string s0 && to != ResultType.Timestamp && to != ResultType.Boolean
                ? $"'{s0}' is not a valid {SqlErrors.TypeName(to)}"
                : ex.Message;
            return false;
        }
    }

    /// <summary>Text form of a SQL value (doubles round-trip, booleans lower-case).</summary>
    public static string ToText(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };
}
