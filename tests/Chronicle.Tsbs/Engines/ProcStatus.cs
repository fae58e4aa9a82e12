namespace Chronicle.Tsbs.Engines;

/// <summary>
/// Reads memory figures from Linux's /proc/&lt;pid&gt;/status: <c>VmHWM</c> is the peak resident set
/// size of a process. Writing 5 to /proc/&lt;pid&gt;/clear_refs resets that peak (Linux 4.0+), which lets
/// the in-process engines report a peak per engine even though they share the runner's process.
/// </summary>
public static class ProcStatus
{
    /// <summary>The value of <paramref name="field"/> (e.g. <c>VmHWM</c>) of process <paramref name="pid"/> in bytes, or null when unreadable (not Linux, process gone).</summary>
    public static long? ReadBytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var number = line[(field.Length + 1)..].Trim().Split(' ')[0];
                    return long.Parse(number, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>The runner's own peak resident set size in bytes (VmHWM, else <see cref="System.Diagnostics.Process.PeakWorkingSet64"/>).</summary>
    public static long SelfPeakBytes() =>
        ReadBytes(Environment.ProcessId, "VmHWM") ?? System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Resets the runner's peak resident set size; returns false when the kernel refused.</summary>
    public static bool ResetSelfPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Environment.ProcessId}/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
