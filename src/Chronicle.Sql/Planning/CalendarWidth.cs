using System.Globalization;

namespace Chronicle.Sql.Planning;

/// <summary>
/// A calendar bucket width for <c>time_bucket</c> and <c>SAMPLE BY</c>: a whole number of months
/// (a year is 12). Buckets start at 00:00:00 UTC on the first day of a month; a bucket of
/// <see cref="Months"/> months holds every time whose month index (year * 12 + month - 1) lies in
/// <c>[origin + k * Months, origin + (k + 1) * Months)</c> for some integer k (floor division, so
/// times before the origin and before 1970 fall into the bucket that contains them). The default
/// origin is 2000-01-01 UTC, as in TimescaleDB's <c>time_bucket</c> for month widths, so three-month
/// buckets are the calendar quarters and twelve-month buckets the calendar years.
/// A width that names months or years is calendar only when it names nothing else:
/// <c>'1 month 2 days'</c> has no single bucket length and is refused.
/// </summary>
/// <param name="Months">The width in months, at least 1.</param>
internal sealed record CalendarWidth(int Months)
{
    /// <summary>2000-01-01T00:00:00Z in nanoseconds: the default origin of calendar buckets.</summary>
    public const long DefaultOrigin = 946_684_800_000_000_000L;

    /// <summary>The largest width accepted (10,000 years), far beyond the int64-nanosecond time range.</summary>
    private const int MaxMonths = 120_000;

    private const long TicksToNanos = 100;

    /// <summary>How a width text relates to the calendar.</summary>
    public enum Kind
    {
        /// <summary>No month or year unit: a fixed duration (or not a duration at all).</summary>
        NotCalendar,

        /// <summary>Only month and year units, summing to a positive whole number of months.</summary>
        Calendar,

        /// <summary>Names months or years but is not a valid calendar width; the error says why.</summary>
        Invalid,
    }

    /// <summary>
    /// Reads a width text: compact (<c>1mo</c>, <c>3mo</c>, <c>1y</c>, <c>1y6mo</c>, <c>1month</c>) or words
    /// (<c>1 month</c>, <c>3 months</c>, <c>1 year</c>, <c>1 year 6 months</c>, <c>1 mon</c>), case-insensitive.
    /// Month units: mo, mon, mons, month, months; year units: y, yr, yrs, year, years. <c>m</c> is minutes.
    /// </summary>
    /// <param name="text">The width as written (a string literal, an INTERVAL's text or a duration token).</param>
    /// <param name="width">The width when the result is <see cref="Kind.Calendar"/>.</param>
    /// <param name="error">Why the text is refused when the result is <see cref="Kind.Invalid"/>.</param>
    public static Kind TryParse(string text, out CalendarWidth? width, out string? error)
    {
        width = null;
        error = null;
        var s = text.Trim().ToLowerInvariant();
        bool negative = s.StartsWith('-');
        if (negative) s = s[1..];
        long months = 0;
        bool calendar = false, other = false, fraction = false, malformed = false;
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] == ' ') i++;
            if (i >= s.Length) break;
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            var quantityText = s[start..i];
            while (i < s.Length && s[i] == ' ') i++;
            int unitStart = i;
            while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == 'µ')) i++;
            var unit = s[unitStart..i];
            if (quantityText.Length == 0 || unit.Length == 0) { malformed = true; break; }
            int scale = unit switch
            {
                "mo" or "mon" or "mons" or "month" or "months" => 1,
                "y" or "yr" or "yrs" or "year" or "years" => 12,
                _ => 0,
            };
            if (scale == 0) { other = true; continue; }
            calendar = true;
            if (!long.TryParse(quantityText, NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)) { fraction = true; continue; }
            months = Math.Min(months + Math.Min(quantity, MaxMonths) * scale, MaxMonths + 1L);
        }
        if (!calendar) return Kind.NotCalendar;
        if (malformed) error = $"'{text}' is not a duration (e.g. '1 month', '3 months', '1 year', 1mo, 1y)";
        else if (other) error = $"'{text}' mixes months or years with fixed units; a calendar bucket width is whole months or years only (e.g. '1 month', '1 year')";
        else if (fraction) error = $"'{text}' is not a whole number of months; calendar bucket widths are whole months or years";
        else if (negative || months <= 0) error = $"the bucket width '{text}' must be positive";
        else if (months > MaxMonths) error = $"the bucket width '{text}' is too large (at most {MaxMonths / 12} years)";
        if (error is not null) return Kind.Invalid;
        width = new CalendarWidth((int)months);
        return Kind.Calendar;
    }

    /// <summary>The index of the month holding <paramref name="nanoseconds"/>: year * 12 + month - 1 (UTC).</summary>
    public static long MonthIndex(long nanoseconds)
    {
        long ticks = Math.DivRem(nanoseconds, TicksToNanos, out long rest);
        if (rest < 0) ticks--;
        var dt = new DateTime(DateTime.UnixEpoch.Ticks + ticks, DateTimeKind.Utc);
        return dt.Year * 12L + dt.Month - 1;
    }

    /// <summary>The first nanosecond of month <paramref name="monthIndex"/>, or false when it lies outside the int64 nanosecond range (before 1677-09-21 or after 2262-04-11).</summary>
    public static bool TryMonthStart(long monthIndex, out long nanoseconds)
    {
        nanoseconds = 0;
        long year = Math.DivRem(monthIndex, 12, out long month);
        if (month < 0) { month += 12; year--; }
        if (year is < 1 or > 9999) return false;
        long ticks = new DateTime((int)year, (int)month + 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks;
        if (ticks > long.MaxValue / TicksToNanos || ticks < long.MinValue / TicksToNanos) return false;
        nanoseconds = ticks * TicksToNanos;
        return true;
    }

    /// <summary>Whether <paramref name="nanoseconds"/> is 00:00:00.000000000 UTC on the first day of a month.</summary>
    public static bool IsMonthStart(long nanoseconds) =>
        TryMonthStart(MonthIndex(nanoseconds), out long start) && start == nanoseconds;

    /// <summary>
    /// The month index of the first month of the bucket holding <paramref name="time"/>, for buckets
    /// aligned to the month of <paramref name="origin"/> (floor division; the origin must be a month start).
    /// </summary>
    public long BucketMonth(long time, long origin)
    {
        long offset = MonthIndex(time) - MonthIndex(origin);
        long q = offset / Months;
        if (offset % Months < 0) q--;
        return MonthIndex(origin) + q * Months;
    }

    /// <summary>
    /// The start (ns) of the bucket holding <paramref name="time"/>, or false when that start lies
    /// before the earliest int64 timestamp (a bucket of 1677-09).
    /// </summary>
    public bool TryBucket(long time, long origin, out long start) => TryMonthStart(BucketMonth(time, origin), out start);

    /// <summary>The width as SQL would spell it: <c>1 month</c>, <c>3 months</c>, <c>1 year</c>.</summary>
    public override string ToString() => Months % 12 == 0
        ? (Months == 12 ? "1 year" : $"{Months / 12} years")
        : (Months == 1 ? "1 month" : $"{Months} months");
}
