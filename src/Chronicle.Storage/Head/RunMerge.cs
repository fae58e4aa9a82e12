namespace Chronicle.Storage.Head;

/// <summary>Merging of sorted sample runs where a later run wins ties (the newest write wins).</summary>
internal static class RunMerge
{
    /// <summary>
    /// Merges runs ordered oldest first; each run is sorted and duplicate-free. On equal timestamps
    /// the sample of the later run is kept. Returns a new sorted, duplicate-free run.
    /// </summary>
    public static SampleRun Merge(IReadOnlyList<SampleRun> runsOldestFirst, bool hasStrings)
    {
        int nonEmpty = 0, total = 0;
        SampleRun? only = null;
        foreach (var r in runsOldestFirst)
            if (r.Count > 0) { nonEmpty++; total += r.Count; only = r; }
        if (nonEmpty == 0) return SampleRun.Empty;
        if (nonEmpty == 1) return only!;

        var ts = new long[total];
        var vals = new long[total];
        var strs = hasStrings ? new string[total] : null;
        var pos = new int[runsOldestFirst.Count];
        int n = 0;
        while (true)
        {
            long best = long.MaxValue;
            int bestRun = -1;
            for (int r = 0; r < runsOldestFirst.Count; r++)
            {
                var run = runsOldestFirst[r];
                if (pos[r] >= run.Count) continue;
                long t = run.Timestamps[pos[r]];
                if (bestRun < 0 || t < best || t == best) { best = t; bestRun = r; } // later run wins ties
            }
            if (bestRun < 0) break;
            // Advance every run positioned at `best`; take the value from the latest one.
            var winner = runsOldestFirst[bestRun];
            ts[n] = best;
            vals[n] = winner.Values[pos[bestRun]];
            if (strs is not null) strs[n] = winner.Strings![pos[bestRun]];
            n++;
            for (int r = 0; r < runsOldestFirst.Count; r++)
            {
                var run = runsOldestFirst[r];
                if (pos[r] < run.Count && run.Timestamps[pos[r]] == best) pos[r]++;
            }
        }
        return new SampleRun(ts, vals, strs, n);
    }

    /// <summary>The samples of <paramref name="run"/> with <paramref name="min"/> &lt;= time &lt;= <paramref name="max"/>.</summary>
    public static SampleRun Slice(SampleRun run, long min, long max)
    {
        int lo = LowerBound(run.Timestamps, run.Count, min);
        int hi = LowerBound(run.Timestamps, run.Count, max == long.MaxValue ? max : max + 1);
        if (max == long.MaxValue) hi = run.Count;
        if (lo == 0 && hi == run.Count) return run;
        int n = Math.Max(0, hi - lo);
        return new SampleRun(run.Timestamps[lo..(lo + n)], run.Values[lo..(lo + n)], run.Strings?[lo..(lo + n)], n);
    }

    /// <summary>Removes the samples with <paramref name="min"/> &lt;= time &lt;= <paramref name="max"/>.</summary>
    public static SampleRun Remove(SampleRun run, long min, long max)
    {
        int lo = LowerBound(run.Timestamps, run.Count, min);
        int hi = max == long.MaxValue ? run.Count : LowerBound(run.Timestamps, run.Count, max + 1);
        if (hi <= lo) return run;
        int n = run.Count - (hi - lo);
        var ts = new long[n];
        var vals = new long[n];
        var strs = run.Strings is null ? null : new string[n];
        Array.Copy(run.Timestamps, 0, ts, 0, lo);
        Array.Copy(run.Timestamps, hi, ts, lo, run.Count - hi);
        Array.Copy(run.Values, 0, vals, 0, lo);
        Array.Copy(run.Values, hi, vals, lo, run.Count - hi);
        if (strs is not null)
        {
            Array.Copy(run.Strings!, 0, strs, 0, lo);
            Array.Copy(run.Strings!, hi, strs, lo, run.Count - hi);
        }
        return new SampleRun(ts, vals, strs, n);
    }

    /// <summary>Index of the first timestamp &gt;= <paramref name="t"/>.</summary>
    public static int LowerBound(long[] timestamps, int count, long t)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
