using System.Globalization;

namespace Chronicle.Sql.Planning;

/// <summary>
/// Conversions between SQL time values and int64 nanoseconds since the Unix epoch (UTC):
/// ISO-8601 text (UTC when it carries no offset, fractions down to the nanosecond),
/// <see cref="DateTime"/> (Kind Utc as is, Local converted to UTC, Unspecified read as UTC),
/// <see cref="DateTimeOffset"/>, and duration text (<c>5m</c>, <c>1h30m</c>, <c>5 minutes</c>).
/// </summary>
internal static class TimeValues
{
    private const long TicksToNanos = 100;

    /// <summary>Nanoseconds of <paramref name="value"/> (Unspecified is read as UTC).</summary>
    public static long FromDateTime(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        return (utc.Ticks - DateTime.UnixEpoch.Ticks) * TicksToNanos;
    }

    /// <summary>Nanoseconds of <paramref name="value"/>.</summary>
    public static long FromDateTimeOffset(DateTimeOffset value) => (value.UtcTicks - DateTime.UnixEpoch.Ticks) * TicksToNanos;

    /// <summary>The current time in nanoseconds.</summary>
    public static long Now() => FromDateTimeOffset(DateTimeOffset.UtcNow);

    /// <summary>
    /// Parses ISO-8601 text: <c>2024-01-01</c>, <c>2024-01-01T10:00:00</c>, <c>2024-01-01 10:00:00.123456789Z</c>,
    /// <c>2024-01-01T10:00:00+02:00</c>. No offset means UTC.
    /// </summary>
    public static bool TryParse(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        var s = text.Trim();
        // Split off a fraction of more than 7 digits (DateTime stops at 100 ns).
        long extraNanos = 0;
        int dot = s.IndexOf('.', Math.Min(s.Length, 10));
        if (dot > 0)
        {
            int end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
            var digits = s[(dot + 1)..end];
            if (digits.Length == 0) return false;
            var padded = digits.Length >= 9 ? digits[..9] : digits.PadRight(9, '0');
            extraNanos = long.Parse(padded, CultureInfo.InvariantCulture);
            s = s[..dot] + s[end..];
        }
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var dto))
            return false;
        nanoseconds = FromDateTimeOffset(dto) + extraNanos;
        return true;
    }

    /// <summary>Formats nanoseconds as ISO-8601 UTC with the shortest exact fraction (<c>2024-01-01T00:00:00.5Z</c>).</summary>
    public static string Format(long nanoseconds)
    {
        long seconds = Math.DivRem(nanoseconds, 1_000_000_000L, out long fraction);
        if (fraction < 0) { fraction += 1_000_000_000L; seconds--; }
        var dt = DateTime.UnixEpoch.AddSeconds(seconds);
        var text = dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (fraction != 0) text += "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + "Z";
    }

    /// <summary>
    /// Parses a duration: compact units (<c>5m</c>, <c>1h30m</c>, <c>250ms</c>, <c>10us</c>, <c>3ns</c>, <c>2d</c>, <c>1w</c>)
    /// or words (<c>5 minutes</c>, <c>1 hour 30 minutes</c>, <c>2 days</c>). A month is 30 days, a year 365.
    /// </summary>
    public static bool TryParseDuration(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0) return false;
        int i = 0;
        bool any = false;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] == ' ') i++;
            if (i >= s.Length) break;
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)) return false;
            while (i < s.Length && s[i] == ' ') i++;
            int unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            var unit = s[unitStart..i];
            long scale = UnitNanos(unit);
            if (scale == 0) return false;
            nanoseconds += (long)Math.Round(amount * scale);
            any = true;
        }
        return any;
    }

    private static long UnitNanos(string unit) => unit switch
    {
        "ns" or "nanosecond" or "nanoseconds" => 1,
        "us" or "µs" or "microsecond" or "microseconds" => 1_000,
        "ms" or "millisecond" or "milliseconds" => 1_000_000,
        "s" or "sec" or "secs" or "second" or "seconds" => 1_000_000_000,
        "m" or "min" or "mins" or "minute" or "minutes" => 60_000_000_000,
        "h" or "hr" or "hrs" or "hour" or "hours" => 3_600_000_000_000,
        "d" or "day" or "days" => 86_400_000_000_000,
        "w" or "week" or "weeks" => 7 * 86_400_000_000_000,
        "mo" or "mon" or "month" or "months" => 30 * 86_400_000_000_000,
        "y" or "year" or "years" => 365 * 86_400_000_000_000,
        _ => 0,
    };

    /// <summary>The start of the bucket of width <paramref name="width"/> (ns) containing <paramref name="time"/>, aligned to <paramref name="origin"/> (floor division).</summary>
    public static long Bucket(long time, long width, long origin)
    {
        long offset = time - origin;
        long q = offset / width;
        if (offset % width < 0) q--;
        return origin + q * width;
    }
}
