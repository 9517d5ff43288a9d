using Outreach.Core.Experiments;
using Outreach.Core.Experiments.Statistics;

namespace Outreach.Core.Tests.Experiments;

/// <summary>
/// The winner rule is safe to look at every day: simulated experiments are judged after every day of data, exactly as a
/// marketer refreshing the results would, and the rule is counted as wrong if it ever names a winner.
/// </summary>
public class PeekingSimulationTests
{
    private const int Experiments = 1000;
    private const int Days = 30;
    private const int CustomersPerArmPerDay = 300;
    private const double BaseRate = 0.10;
    private static readonly ExperimentOptions Options = new() { MinSamplePerArm = 1000 };

    [Fact]
    public void In_a_thousand_A_A_experiments_checked_daily_at_most_5_percent_ever_declare_a_winner()
    {
        var share = ShareEverDeclared(BaseRate, BaseRate, seed: 20261125);

        // Measured: 0.014 with this seed (the guarantee is an upper bound; the mixture test is conservative).
        Assert.InRange(share, 0, 0.05);
    }

    [Fact]
    public void The_fixed_horizon_z_test_read_daily_would_declare_far_more_than_5_percent()
    {
        // Why the sequential test is needed: the same A/A experiments, judged by p < 0.05 of the z-test at every look.
        var share = ShareEverDeclared(BaseRate, BaseRate, seed: 20261125, (control, treatment) => TwoProportionTest.PValue(control, treatment) < 0.05);

        // Measured: 0.302 with this seed.
        Assert.True(share > 0.15, $"peeking at the z-test declared a winner in {share:P1} of A/A experiments");
    }

    [Fact]
    public void A_planted_20_percent_lift_is_found_in_most_experiments()
    {
        // The seeds' renewal wording: +20% relative (10% → 12%), 9,000 customers per arm after 30 days.
        var share = ShareEverDeclared(BaseRate, BaseRate * 1.2, seed: 7);

        // Measured: 0.925 with this seed; a z-test read once, at day 30 only, would have about 0.99 power here.
        Assert.InRange(share, 0.8, 1);
    }

    private static double ShareEverDeclared(double controlRate, double treatmentRate, int seed, Func<Proportion, Proportion, bool>? declares = null)
    {
        declares ??= (control, treatment) =>
            WinnerRule.Judge([new("a", control), new("b", treatment)], null, Options).Winner is not null;
        var random = new Random(seed);
        var declared = 0;
        for (var experiment = 0; experiment < Experiments; experiment++)
        {
            long controlConverted = 0, treatmentConverted = 0, perArm = 0;
            for (var day = 0; day < Days; day++)
            {
                controlConverted += Converted(random, controlRate);
                treatmentConverted += Converted(random, treatmentRate);
                perArm += CustomersPerArmPerDay;
                if (declares(new(controlConverted, perArm), new(treatmentConverted, perArm)))
                {
                    declared++;
                    break;
                }
            }
        }
        return (double)declared / Experiments;
    }

    private static int Converted(Random random, double rate)
    {
        var converted = 0;
        for (var i = 0; i < CustomersPerArmPerDay; i++)
            if (random.NextDouble() < rate) converted++;
        return converted;
    }
}
