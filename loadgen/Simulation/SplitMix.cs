namespace IpGuard.LoadGen.Simulation;

/// <summary>
/// A stateless seeded hash (SplitMix64): the same (seed, keys) always give the same numbers,
/// on any thread and in any order, so that a stream can be generated lazily and in parallel
/// and still be reproducible.
/// </summary>
internal static class SplitMix
{
    public static ulong Hash(long seed, long a, long b = 0)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)a * 0xBF58476D1CE4E5B9UL ^ (ulong)b * 0x94D049BB133111EBUL);
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, 1).</summary>
    public static double Unit(long seed, long a, long b = 0) => (Hash(seed, a, b) >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, n).</summary>
    public static int Below(long seed, long a, long b, int n) => (int)(Hash(seed, a, b) % (ulong)n);
}
