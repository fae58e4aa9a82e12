namespace Chronicle.Tsbs.Queries;

/// <summary>The TSBS devops query families (timescale/tsbs cmd/tsbs_generate_queries/uses/devops/*.go).</summary>
public enum QueryKind
{
    /// <summary><c>single-groupby-M-H-T</c>: max of the first M metrics per 1-minute bucket, H random hosts, a random T-hour window.</summary>
    SingleGroupby,

    /// <summary><c>cpu-max-all-H</c>: max of all 10 metrics per 1-hour bucket, H random hosts, a random 8-hour window.</summary>
    CpuMaxAll,

    /// <summary><c>double-groupby-M</c>: mean of the first M metrics per (1-hour bucket, hostname), all hosts, a random 12-hour window.</summary>
    DoubleGroupby,

    /// <summary><c>high-cpu-H</c> / <c>high-cpu-all</c>: every row with usage_user &gt; 90 in a random 12-hour window, for H random hosts or all.</summary>
    HighCpu,

    /// <summary><c>lastpoint</c>: the last row of every host.</summary>
    Lastpoint,

    /// <summary><c>groupby-orderby-limit</c>: max(usage_user) per 1-minute bucket before a random end, the last 5 buckets.</summary>
    GroupbyOrderbyLimit,
}
