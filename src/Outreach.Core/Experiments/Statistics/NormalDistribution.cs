namespace Outreach.Core.Experiments.Statistics;

/// <summary>The standard normal distribution: what the z-test and the Wilson interval are read against.</summary>
public static class NormalDistribution
{
    /// <summary>The two-sided 95% critical value, Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Φ(x), accurate to about 1e-14: for |x| &lt; 7.07 Hart's double-precision algorithm 5666 (Hart et al., "Computer Approximations",
    /// 1968), as given by G. West, "Better approximations to cumulative normal functions" (Wilmott, 2005).
    /// </summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var a = Math.Abs(x);
        double tail;
        if (a > 37) tail = 0;
        else if (a < 7.07106781186547)
        {
            var numerator = ((((((3.52624965998911E-02 * a + 0.700383064443688) * a + 6.37396220353165) * a + 33.912866078383) * a
                + 112.079291497871) * a + 221.213596169931) * a + 220.206867912376);
            var denominator = (((((((8.83883476483184E-02 * a + 1.75566716318264) * a + 16.064177579207) * a + 86.7807322029461) * a
                + 296.564248779674) * a + 637.333633378831) * a + 793.826512519948) * a + 440.413735824752);
            tail = Math.Exp(-a * a / 2) * numerator / denominator;
        }
        else
        {
            // Far in the tail, Laplace's continued fraction Φ(−a) = φ(a) / (a + 1/(a + 2/(a + 3/(a + …)))), taken 40 deep
            // (Hart's 4-deep form is good to only 1e-8 relative there).
            var fraction = a;
            for (var k = 40; k >= 1; k--) fraction = a + k / fraction;
            tail = Math.Exp(-a * a / 2) / fraction / Math.Sqrt(2 * Math.PI);
        }
        return x > 0 ? 1 - tail : tail;
    }

    /// <summary>P(|Z| ≥ |z|): the two-sided p-value of a z statistic, computed from the tail so it keeps its precision when small.</summary>
    public static double TwoSidedPValue(double z) => double.IsNaN(z) ? 1 : Math.Min(1, 2 * Cdf(-Math.Abs(z)));
}
