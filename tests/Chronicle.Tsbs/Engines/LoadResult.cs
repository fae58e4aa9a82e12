namespace Chronicle.Tsbs.Engines;

/// <summary>The outcome of <see cref="IEngine.LoadAsync"/>.</summary>
/// <param name="Samples">Samples ingested (rows x 10 fields).</param>
/// <param name="Elapsed">Wall time of the whole load.</param>
public sealed record LoadResult(long Samples, TimeSpan Elapsed)
{
    /// <summary>Samples per second.</summary>
    public double SamplesPerSecond => Samples / Elapsed.TotalSeconds;
}
