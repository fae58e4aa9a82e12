using System.Globalization;

namespace Chronicle.Sql.Parsing;

/// <summary>
/// Converts duration text to nanoseconds. Two forms: compact tokens (<c>5m</c>, <c>1h30m</c>,
/// <c>250ms</c>, <c>100us</c>, <c>10ns</c>, <c>1d</c>, <c>1w</c>) as used by duration tokens and
/// <c>time_bucket('5m', time)</c>, and interval words (<c>5 minutes</c>, <c>1 hour 30 minutes</c>,
/// <c>1.5 hours</c>) as used by <c>INTERVAL '...'</c>. As a fixed duration a month is 30 days and a year
/// 365 days; as a <c>time_bucket</c> or <c>SAMPLE BY</c> width the text is read again as calendar
/// months and years (<see cref="Planning.CalendarWidth"/>).
/// </summary>
public static class DurationParser
{
    /// <summary>Nanoseconds per unit of the compact form, longest suffix first.</summary>
    private static readonly (string Unit, long Nanoseconds)[] CompactUnits =
    [
        ("ns", 1L), ("us", 1_000L), ("µs", 1_000L), ("ms", 1_000_000L), ("s", 1_000_000_000L),
        ("months", 2_592_000_000_000_000L), ("month", 2_592_000_000_000_000L), ("mo", 2_592_000_000_000_000L),
        ("m", 60_000_000_000L), ("h", 3_600_000_000_000L), ("d", 86_400_000_000_000L), ("w", 604_800_000_000_000L),
        ("years", 31_536_000_000_000_000L), ("year", 31_536_000_000_000_000L), ("y", 31_536_000_000_000_000L),
    ];

    /// <summary>Nanoseconds per unit word of the interval form (singular, plural and short forms).</summary>
    private static readonly Dictionary<string, long> IntervalUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ns"] = 1L, ["nanosecond"] = 1L, ["nanoseconds"] = 1L,
        ["us"] = 1_000L, ["µs"] = 1_000L, ["microsecond"] = 1_000L, ["microseconds"] = 1_000L,
        ["ms"] = 1_000_000L, ["millisecond"] = 1_000_000L, ["milliseconds"] = 1_000_000L,
        ["s"] = 1_000_000_000L, ["sec"] = 1_000_000_000L, ["secs"] = 1_000_000_000L, ["second"] = 1_000_000_000L, ["seconds"] = 1_000_000_000L,
        ["m"] = 60_000_000_000L, ["min"] = 60_000_000_000L, ["mins"] = 60_000_000_000L, ["minute"] = 60_000_000_000L, ["minutes"] = 60_000_000_000L,
        ["h"] = 3_600_000_000_000L, ["hr"] = 3_600_000_000_000L, ["hrs"] = 3_600_000_000_000L, ["hour"] = 3_600_000_000_000L, ["hours"] = 3_600_000_000_000L,
        ["d"] = 86_400_000_000_000L, ["day"] = 86_400_000_000_000L, ["days"] = 86_400_000_000_000L,
        ["w"] = 604_800_000_000_000L, ["week"] = 604_800_000_000_000L, ["weeks"] = 604_800_000_000_000L,
        ["mon"] = 2_592_000_000_000_000L, ["month"] = 2_592_000_000_000_000L, ["months"] = 2_592_000_000_000_000L,
        ["y"] = 31_536_000_000_000_000L, ["year"] = 31_536_000_000_000_000L, ["years"] = 31_536_000_000_000_000L,
    };

    /// <summary>
    /// Parses the compact form: one or more <c>digits unit</c> pairs, units ns, us (or µs), ms, s, m,
    /// h, d, w, mo (or month, months: 30 days), y (or year, years: 365 days), summed (<c>1h30m</c> = 5,400,000,000,000 ns). No sign, no spaces, no fractions.
    /// </summary>
    /// <param name="text">The text, e.g. <c>250ms</c>.</param>
    /// <param name="nanoseconds">The duration in nanoseconds when successful.</param>
    /// <returns>False when the text is not a compact duration or overflows 64 bits.</returns>
    public static bool TryParseDuration(ReadOnlySpan<char> text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (text.IsEmpty) return false;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) return false;
            if (!long.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)) return false;
            var matched = false;
            foreach (var (unit, scale) in CompactUnits)
            {
                if (!text[i..].StartsWith(unit, StringComparison.Ordinal)) continue;
                var end = i + unit.Length;
                // "m" must not swallow the "m" of "ms"; the table lists "ms" first, so a match here is final
                // unless a letter follows (e.g. "5mx").
                if (end < text.Length && char.IsAsciiLetter(text[end])) continue;
                try
                {
                    nanoseconds = checked(nanoseconds + checked(quantity * scale));
                }
                catch (OverflowException)
                {
                    return false;
                }
                i = end;
                matched = true;
                break;
            }
            if (!matched) return false;
        }
        return true;
    }

    /// <summary>
    /// Parses the interval form: an optional leading <c>-</c>, then one or more <c>quantity unit</c>
    /// pairs separated by spaces (<c>1 hour 30 minutes</c>, <c>1.5 hours</c>, <c>500 milliseconds</c>);
    /// a compact duration (<c>90s</c>) is also accepted. Fractions are rounded to the nearest nanosecond.
    /// </summary>
    /// <param name="text">The text inside <c>INTERVAL '...'</c>.</param>
    /// <param name="nanoseconds">The duration in nanoseconds when successful.</param>
    /// <returns>False when the text is not an interval or overflows 64 bits.</returns>
    public static bool TryParseInterval(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        var trimmed = text.AsSpan().Trim();
        var negative = false;
        if (trimmed.StartsWith("-"))
        {
            negative = true;
            trimmed = trimmed[1..].TrimStart();
        }
        if (TryParseDuration(trimmed, out nanoseconds))
        {
            if (negative) nanoseconds = -nanoseconds;
            return true;
        }
        var parts = trimmed.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return false;
        decimal total = 0;
        var p = 0;
        while (p < parts.Length)
        {
            var part = parts[p];
            // "5minutes" (no space) or "5 minutes", or a compact token inside a longer list ("1h 30m").
            var digits = 0;
            while (digits < part.Length && (char.IsAsciiDigit(part[digits]) || part[digits] == '.')) digits++;
            if (digits == 0) return false;
            if (!decimal.TryParse(part.AsSpan(0, digits), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity)) return false;
            string unit;
            if (digits < part.Length)
            {
                unit = part[digits..];
                p++;
            }
            else
            {
                if (p + 1 >= parts.Length) return false;
                unit = parts[p + 1];
                p += 2;
            }
            if (!IntervalUnits.TryGetValue(unit, out var scale)) return false;
            total += quantity * scale;
        }
        total = Math.Round(total, MidpointRounding.AwayFromZero);
        if (total > long.MaxValue) return false;
        nanoseconds = negative ? -(long)total : (long)total;
        return true;
    }
}
