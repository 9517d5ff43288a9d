namespace Outreach.Core.Simulation;

/// <summary>
/// SplitMix64: tiny, fast and statistically good enough for synthetic data. Each customer gets a
/// stream of its own, derived from the seed and its index, so customer i never depends on customer i-1.
/// </summary>
internal sealed class SimulationRandom(ulong state)
{
    public static SimulationRandom ForCustomer(long seed, long index) =>
        new(Hash((ulong)seed) ^ Hash((ulong)index + 0x632BE59BD9B4E019UL));

    public ulong NextUInt64() => Hash(state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    public int Next(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);

    public double Between(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    /// <summary>Log-normally distributed around <paramref name="median"/>: prices and basket sizes look like this.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Gaussian());

    private double Gaussian() =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble())) * Math.Cos(2.0 * Math.PI * NextDouble());

    /// <summary>The SplitMix64 finaliser: scrambles all bits of <paramref name="z"/> into a well-mixed value.</summary>
    public static ulong Hash(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
