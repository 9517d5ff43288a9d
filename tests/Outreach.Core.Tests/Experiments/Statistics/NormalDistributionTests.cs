using Outreach.Core.Experiments.Statistics;

namespace Outreach.Core.Tests.Experiments.Statistics;

public class NormalDistributionTests
{
    // Expected: python3 -c "import math; x=-3; print(repr(0.5*math.erfc(-x/math.sqrt(2))))" (Python 3.11, libm's erfc),
    // once per x.
    [Theory]
    [InlineData(-8, 6.220960574271819e-16)]
    [InlineData(-3, 0.0013498980316300957)]
    [InlineData(-1.96, 0.024997895148220435)]
    [InlineData(-0.5, 0.3085375387259869)]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.8413447460685429)]
    [InlineData(2.5, 0.9937903346742238)]
    [InlineData(6, 0.9999999990134123)]
    [InlineData(40, 1.0)]
    public void Cdf_matches_the_C_library_erfc_to_twelve_significant_digits(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Cdf(x), Math.Abs(expected) * 1e-12);

    [Fact]
    public void The_95_percent_critical_value_leaves_two_and_a_half_percent_in_each_tail() =>
        Assert.Equal(0.975, NormalDistribution.Cdf(NormalDistribution.Z95), 1e-12);

    // 2 * 0.5 * erfc(1.96 / sqrt(2)) with the command above: 0.04999579029644087.
    [Fact]
    public void A_z_of_1_96_has_a_two_sided_p_value_of_about_5_percent() =>
        Assert.Equal(0.04999579029644087, NormalDistribution.TwoSidedPValue(-1.96), 1e-13);
}
