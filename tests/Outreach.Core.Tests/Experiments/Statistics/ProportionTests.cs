using Outreach.Core.Experiments.Statistics;

namespace Outreach.Core.Tests.Experiments.Statistics;

public class ProportionTests
{
    // Expected intervals: R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
    // methods", Statistics in Medicine 17 (1998) 857–872, the paper's illustrative examples (81/263, 15/148, 0/20, 1/29)
    // by the Wilson score method without continuity correction, printed to 4 decimals. Reproduced, with 29/29, by
    // python3 -c "import math; s,n,z=29,29,1.959963984540054; p=s/n; c=(p+z*z/(2*n))/(1+z*z/n);
    // h=z/(1+z*z/n)*math.sqrt(p*(1-p)/n+z*z/(4*n*n)); print(c-h, c+h)"  → 0.8830302015002593 1.0
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    [InlineData(29, 29, 0.8830, 1.0000)]
    public void The_Wilson_interval_matches_Newcombes_table(long successes, long trials, double low, double high)
    {
        var interval = new Proportion(successes, trials).WilsonInterval();

        Assert.Equal(low, interval.Low, 0.00005);
        Assert.Equal(high, interval.High, 0.00005);
    }

    [Theory]
    [InlineData(0, 12)]
    [InlineData(0, 3001)]
    [InlineData(7, 7)]
    public void At_none_or_all_the_interval_ends_exactly_at_0_or_1(long successes, long trials)
    {
        var interval = new Proportion(successes, trials).WilsonInterval();

        // Newcombe's table rounds; a marketer reading "2.78E-17" does not.
        if (successes == 0) Assert.Equal(0d, interval.Low);
        else Assert.Equal(1d, interval.High);
    }

    [Fact]
    public void An_empty_arm_knows_nothing_yet()
    {
        var empty = new Proportion(0, 0);

        Assert.Equal(0, empty.Rate);
        Assert.Equal(new ConfidenceInterval(0, 1), empty.WilsonInterval());
    }
}
