using Outreach.Core.Experiments.Statistics;

namespace Outreach.Core.Tests.Experiments.Statistics;

public class TwoProportionTestTests
{
    // Expected z and p: python3 -c "import math; from statistics import NormalDist; sa,na,sb,nb=100,1000,130,1000;
    // p=(sa+sb)/(na+nb); z=(sb/nb-sa/na)/math.sqrt(p*(1-p)*(1/na+1/nb)); print(repr(z), repr(2*NormalDist().cdf(-abs(z))))"
    // with each row's counts.
    [Theory]
    [InlineData(100, 1000, 130, 1000, 2.102740605622114, 0.03548845046647475)]
    [InlineData(50, 500, 45, 480, -0.33057137030496003, 0.740968274665744)]
    [InlineData(120, 1200, 150, 1150, 2.312757663892066, 0.020735966647941306)]
    public void The_pooled_z_test_matches_an_independent_computation(long sa, long na, long sb, long nb, double z, double p)
    {
        Assert.Equal(z, TwoProportionTest.Z(new(sa, na), new(sb, nb)), 1e-12);
        Assert.Equal(p, TwoProportionTest.PValue(new(sa, na), new(sb, nb)), 1e-12);
    }

    [Fact]
    public void The_test_is_symmetric_in_its_arms_apart_from_the_sign()
    {
        Proportion a = new(100, 1000), b = new(130, 1000);

        Assert.Equal(-TwoProportionTest.Z(a, b), TwoProportionTest.Z(b, a), 1e-12);
        Assert.Equal(TwoProportionTest.PValue(a, b), TwoProportionTest.PValue(b, a), 1e-12);
    }

    [Fact]
    public void Arms_with_no_conversions_at_all_show_no_difference() =>
        Assert.Equal(1, TwoProportionTest.PValue(new(0, 500), new(0, 400)));

    [Fact]
    public void Uplift_is_relative_to_the_control_and_unknown_without_a_baseline()
    {
        // 12% against 10% is a fifth more: (0.12 - 0.10) / 0.10.
        Assert.Equal(0.2, TwoProportionTest.Uplift(new(100, 1000), new(120, 1000))!.Value, 1e-12);
        Assert.Null(TwoProportionTest.Uplift(new(0, 1000), new(120, 1000)));
    }
}
