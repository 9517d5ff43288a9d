namespace Outreach.Core.Experiments.Statistics;

/// <summary>How many of <paramref name="Trials"/> customers converted: one arm of an experiment.</summary>
public readonly record struct Proportion(long Successes, long Trials)
{
    /// <summary>The observed rate; 0 for an arm with nobody in it yet.</summary>
    public double Rate => Trials == 0 ? 0 : (double)Successes / Trials;

    /// <summary>
    /// The Wilson score interval (Wilson, JASA 1927) at the two-sided level of <paramref name="z"/> (default 95%).
    /// Unlike the textbook p ± z·SE it stays inside [0, 1] and keeps its coverage near 0% and 100% and for small arms.
    /// </summary>
    public ConfidenceInterval WilsonInterval(double z = NormalDistribution.Z95)
    {
        if (Trials == 0) return new ConfidenceInterval(0, 1);
        double n = Trials, p = Rate, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0% or 100% the bound is exactly 0 or 1; computed, it comes out a rounding error away (2.8E-17).
        return new ConfidenceInterval(Successes == 0 ? 0 : Math.Max(0, centre - half), Successes == Trials ? 1 : Math.Min(1, centre + half));
    }
}

/// <summary>A confidence interval for a rate.</summary>
public readonly record struct ConfidenceInterval(double Low, double High);
