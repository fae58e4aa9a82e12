using Chronicle.Sql.Execution;

namespace Chronicle.Data.Internal;

/// <summary>
/// The one binder: converts <see cref="ChronicleParameter"/> values (CLR) into the values the SQL
/// layer accepts (<see cref="SqlParameters"/>). The policy, documented in <c>docs/provider.md</c>:
/// <list type="bullet">
/// <item><description>null Value: an error (use <see cref="DBNull.Value"/> for SQL NULL); DBNull: NULL.</description></item>
/// <item><description>DateTime: <see cref="DateTimeKind.Utc"/> as is, <see cref="DateTimeKind.Local"/> converted to UTC,
/// <see cref="DateTimeKind.Unspecified"/> taken as UTC (never as local time).</description></item>
/// <item><description>DateTimeOffset: the instant it denotes. TimeSpan: an interval (nanoseconds in SQL).</description></item>
/// <item><description>long/int/short/byte (and sbyte/ushort/uint/ulong, enums): BIGINT; double/float/decimal: DOUBLE;
/// bool: BOOLEAN; string/char: VARCHAR.</description></item>
/// <item><description>Anything else (Guid, byte[]...): <see cref="ChronicleErrorCode.ParameterType"/> naming the parameter.</description></item>
/// </list>
/// Parameters without a name are positional (<c>?</c>, <c>$1</c>) in collection order.
/// </summary>
internal static class ParameterBinder
{
    /// <summary>Binds a collection, into <paramref name="reuse"/> (cleared first) when given: a command rebinding per execution allocates no new dictionary.</summary>
    /// <exception cref="ChronicleException">A value of an unsupported type.</exception>
    /// <exception cref="InvalidOperationException">A parameter whose Value was never set.</exception>
    public static SqlParameters Bind(ChronicleParameterCollection parameters, SqlParameters? reuse = null)
    {
        if (parameters.Count == 0) return SqlParameters.Empty;
        var bound = reuse ?? new SqlParameters();
        bound.Clear();
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            int position = i + 1;
            var name = string.IsNullOrEmpty(p.ParameterName) ? "$" + position : p.ParameterName;
            var value = ToEngineValue(name, p.Value);
            if (string.IsNullOrEmpty(p.ParameterName)) bound.AddPositional(value);
            else bound.Add(p.ParameterName, value);
        }
        return bound;
    }

    /// <summary>Converts one value; <paramref name="name"/> is used in error messages.</summary>
    public static object? ToEngineValue(string name, object? value) => value switch
    {
        null => throw Errors.ParameterValueNotSet(name),
        DBNull => null,
        string or bool or long or double or TimeSpan => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        ushort us => (long)us,
        uint ui => (long)ui,
        ulong ul => ul <= long.MaxValue ? (long)ul : throw Errors.ParameterOverflow(name, ul),
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        DateTime { Kind: DateTimeKind.Utc } => value, // already UTC: no new box
        DateTime dt => ToUtc(dt),
        DateTimeOffset dto => dto,
        Enum e => ToEngineValue(name, Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw Errors.ParameterType(name, value.GetType()),
    };

    /// <summary>The provider's DateTime policy: Utc as is, Local converted, Unspecified taken as UTC.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>Nanoseconds since the Unix epoch of a DateTime under the policy of <see cref="ToUtc"/>.</summary>
    public static long ToNanoseconds(DateTime value) => (ToUtc(value).Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Nanoseconds since the Unix epoch of an instant.</summary>
    public static long ToNanoseconds(DateTimeOffset value) => (value.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
