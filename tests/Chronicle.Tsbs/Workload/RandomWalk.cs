namespace Chronicle.Tsbs.Workload;

/// <summary>
/// The 10 clamped random walks of one host: start uniform in [0, 100), then each step adds a
/// standard normal draw (Box-Muller) and clamps to [0, 100].
/// </summary>
internal sealed class RandomWalk
{
    private const double Min = 0.0;
    private const double Max = 100.0;

    private readonly Random random;
    private readonly double[] state = new double[CpuRow.FieldCount];
    private double spareNormal = double.NaN;

    /// <summary>Creates the walks of one host from its seed.</summary>
    public RandomWalk(int seed)
    {
        random = new Random(seed);
        for (var f = 0; f < state.Length; f++)
        {
            state[f] = random.NextDouble() * Max;
        }
    }

    /// <summary>
    /// Writes the next value of every field into <paramref name="values"/> (length 10). The first call
    /// (<paramref name="first"/>) returns the starting values unchanged.
    /// </summary>
    public void Next(double[] values, bool first)
    {
        for (var f = 0; f < state.Length; f++)
        {
            if (!first)
            {
                state[f] = Math.Clamp(state[f] + NextNormal(), Min, Max);
            }

            values[f] = state[f];
        }
    }

    private double NextNormal()
    {
        if (!double.IsNaN(spareNormal))
        {
            var spare = spareNormal;
            spareNormal = double.NaN;
            return spare;
        }

        // Box-Muller: two uniforms in (0, 1] and [0, 1) give two independent N(0, 1) draws.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        spareNormal = radius * Math.Sin(2.0 * Math.PI * u2);
        return radius * Math.Cos(2.0 * Math.PI * u2);
    }
}
