using Outreach.Core.Experiments;
using Outreach.Core.Experiments.Statistics;

namespace Outreach.Core.Tests.Experiments;

public class WinnerRuleTests
{
    private static readonly ExperimentOptions Options = new() { MinSamplePerArm = 1000 };

    [Fact]
    public void A_clear_difference_with_enough_customers_names_the_better_variant()
    {
        // 640/5000 against 500/5000: always-valid p = 0.00045 (SequentialTestTests).
        var verdict = WinnerRule.Judge([new("plain", new(500, 5000)), new("trial", new(640, 5000))], null, Options);

        Assert.Equal("trial", verdict.Winner);
        Assert.Equal(0.0004526635692311151, verdict.PValue!.Value, 1e-12);
        Assert.Contains("'trial' converts 12.8% against 10.0% for 'plain'", verdict.Reason);
    }

    [Fact]
    public void The_same_difference_on_too_few_customers_waits_and_says_for_whom()
    {
        var verdict = WinnerRule.Judge([new("plain", new(50, 500)), new("trial", new(300, 1500))], null, Options);

        Assert.Null(verdict.Winner);
        Assert.Contains("'plain' has 500 of the 1000 needed", verdict.Reason);
    }

    [Fact]
    public void A_difference_the_sequential_test_cannot_yet_tell_from_chance_is_no_winner()
    {
        // 1100/10000 against 1000/10000: fixed-horizon p = 0.02, but always-valid p = 0.53.
        var verdict = WinnerRule.Judge([new("plain", new(1000, 10000)), new("trial", new(1100, 10000))], null, Options);

        Assert.Null(verdict.Winner);
        Assert.Equal(0.5261300878223869, verdict.PValue!.Value, 1e-12);
        Assert.StartsWith("no winner yet", verdict.Reason);
    }

    [Fact]
    public void A_single_variant_is_judged_against_the_holdout()
    {
        var verdict = WinnerRule.Judge([new("coupon", new(640, 5000))], new ExperimentArm("holdout", new(500, 5000)), Options);

        Assert.Equal("coupon", verdict.Winner);
        Assert.Contains("for the holdout", verdict.Reason);
    }

    [Fact]
    public void A_single_variant_without_holdout_has_nothing_to_be_compared_with() =>
        Assert.Null(WinnerRule.Judge([new("coupon", new(640, 5000))], null, Options).Winner);

    [Fact]
    public void A_variant_worse_than_the_holdout_never_wins() =>
        Assert.Null(WinnerRule.Judge([new("coupon", new(500, 5000))], new ExperimentArm("holdout", new(640, 5000)), Options).Winner);
}
