using System.Globalization;

namespace Chronicle.Data.Internal;

/// <summary>Parses the text forms of connection string values (durations and byte sizes).</summary>
internal static class SettingParsers
{
    /// <summary>
    /// A duration: a number of seconds (<c>1.5</c>), a number with a unit (<c>250ms</c>, <c>10s</c>,
    /// <c>5m</c>, <c>2h</c>, <c>1d</c>) or TimeSpan text (<c>00:00:01</c>, <c>1.00:00:00</c>).
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        text = text.Trim();
        value = default;
        if (text.Length == 0) return false;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TryFromSeconds(seconds, out value);
        (string suffix, double scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];
        foreach (var (suffix, scale) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            var number = text[..^suffix.Length].Trim();
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                return TryFromSeconds(n * scale, out value);
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value)) return value >= TimeSpan.Zero;
        return false;
    }

    private static bool TryFromSeconds(double seconds, out TimeSpan value)
    {
        value = default;
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds) return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>A size in bytes: an integer, optionally with a binary unit (<c>64KB</c>, <c>128MB</c>, <c>1GB</c>; KiB/MiB/GiB also accepted).</summary>
    public static bool TryParseBytes(string text, out long value)
    {
        text = text.Trim();
        value = 0;
        long scale = 1;
        (string suffix, long scale)[] units = [("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("B", 1)];
        foreach (var (suffix, s) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^suffix.Length].Trim();
                scale = s;
                break;
            }
        }
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n <= 0) return false;
        try { value = checked(n * scale); } catch (OverflowException) { return false; }
        return true;
    }
}
