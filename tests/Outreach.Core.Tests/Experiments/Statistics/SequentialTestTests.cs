using Outreach.Core.Experiments.Statistics;

namespace Outreach.Core.Tests.Experiments.Statistics;

public class SequentialTestTests
{
    // Expected Λ and p: the normal-mixture likelihood ratio for a difference of means of Johari, Koomen, Pekelis and Walsh,
    // "Always Valid Inference" (Operations Research, 2022), computed apart from this code:
    // python3 -c "import math; sa,na,sb,nb,t=100,1000,130,1000,0.1; p=(sa+sb)/(na+nb); v=1/na+1/nb;
    // z=(sb/nb-sa/na)/math.sqrt(p*(1-p)*v); L=math.sqrt(v/(v+t*t))*math.exp(t*t*z*z/(2*(v+t*t))); print(repr(L), repr(min(1,1/L)))"
    [Theory]
    [InlineData(100, 1000, 130, 1000, 2.5764679639677315, 0.38812824920982575)]
    [InlineData(1000, 10000, 1100, 10000, 1.900670619577993, 0.5261300878223869)]
    [InlineData(1000, 10000, 1000, 10000, 0.14002800840280097, 1)]
    [InlineData(500, 5000, 640, 5000, 2209.146191505049, 0.0004526635692311151)]
    public void The_mixture_likelihood_ratio_matches_an_independent_computation(long sa, long na, long sb, long nb, double ratio, double p)
    {
        Assert.Equal(ratio, SequentialTest.LikelihoodRatio(new(sa, na), new(sb, nb)), ratio * 1e-10);
        Assert.Equal(p, SequentialTest.PValue(new(sa, na), new(sb, nb)), 1e-12);
    }

    [Fact]
    public void It_is_more_demanding_than_the_fixed_horizon_test_on_the_same_data()
    {
        // 130/1000 against 100/1000: significant read once (p = 0.035 above), not for a test that may be read daily.
        Proportion control = new(100, 1000), treatment = new(130, 1000);

        Assert.True(TwoProportionTest.PValue(control, treatment) < 0.05);
        Assert.True(SequentialTest.PValue(control, treatment) > 0.05);
    }

    [Fact]
    public void Empty_arms_give_no_evidence() => Assert.Equal(1, SequentialTest.PValue(new(0, 0), new(10, 100)));
}
