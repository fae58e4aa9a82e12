namespace Chronicle.Tsbs.Workload;

/// <summary>
/// The SplitMix64 finalizer (Steele, Lea, Flood: "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a bijective 64-bit mix used to derive independent, stable per-host seeds and tags.
/// Unlike <see cref="HashCode"/> it is the same in every process.
/// </summary>
internal static class SplitMix64
{
    /// <summary>Mixes <paramref name="x"/> into a well-distributed 64-bit value.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A 32-bit seed for <see cref="Random"/> derived from a run seed and a stream index.</summary>
    public static int Seed(int seed, int stream) =>
        (int)(Mix(((ulong)(uint)seed << 32) | (uint)stream) & 0x7FFF_FFFF);
}
