using Outreach.Core.Campaigns;
using Outreach.Core.Experiments;
using Outreach.Core.Experiments.Statistics;

namespace Outreach.Engine.Results;

/// <summary>Turns the arms' counts into the results: rates, intervals, comparisons, the winner and the stop rule.</summary>
internal static class ResultsTable
{
    public static CampaignResults Build(Campaign campaign, IReadOnlyList<ArmTally> tallies, DateTimeOffset asOf, string currency, ExperimentOptions options)
    {
        // Variants in the campaign's order (one no longer in the file still shows, last), then the holdouts.
        var order = campaign.Variants.Select((v, i) => (v.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var variants = tallies.Where(t => t.Kind == ArmKind.Variant)
            .OrderBy(t => order.GetValueOrDefault(t.Name, int.MaxValue)).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        var holdout = tallies.FirstOrDefault(t => t.Kind == ArmKind.Holdout);
        var globalHoldout = tallies.FirstOrDefault(t => t.Kind == ArmKind.GlobalHoldout);
        var hasGoal = campaign.Goal is not null;

        var arms = new List<ArmResults>();
        foreach (var variant in variants)
        {
            var rival = variants.Where(v => v != variant).OrderByDescending(v => Outcome(v).Rate).ThenBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault();
            arms.Add(Arm(variant, hasGoal) with
            {
                VsHoldout = holdout is null ? null : Compare(variant, holdout, "holdout", options),
                VsBestOther = rival is null ? null : Compare(variant, rival, rival.Name, options),
            });
        }
        if (holdout is not null) arms.Add(Arm(holdout, hasGoal));
        if (globalHoldout is not null) arms.Add(Arm(globalHoldout, hasGoal));

        var verdict = WinnerRule.Judge(variants.Select(v => new ExperimentArm(v.Name, Outcome(v))).ToList(),
            holdout is null ? null : new ExperimentArm(holdout.Name, Outcome(holdout)), options);
        var touches = variants.Sum(v => v.Touches);
        var cost = variants.Sum(v => v.Cost);
        var revenue = variants.Sum(v => v.Revenue);
        var roi = hasGoal ? Roi(revenue, cost) : null;
        return new CampaignResults
        {
            CampaignId = campaign.Id,
            CampaignName = campaign.Name,
            AsOf = asOf,
            GoalEvent = campaign.Goal?.Event,
            GoalWindow = campaign.Goal?.Window,
            Currency = currency,
            Arms = arms,
            Touches = touches,
            Cost = cost,
            Revenue = revenue,
            Roi = roi,
            Winner = new WinnerResult(verdict.Winner, hasGoal ? verdict.Reason : "the campaign has no goal, so nothing converts", verdict.PValue),
            StopRule = campaign.StopRule is { } rule ? StopRuleCheck.Judge(rule, touches, roi, hasGoal) : null,
        };
    }

    private static Proportion Outcome(ArmTally tally) => new(tally.Converted, tally.Assigned);

    private static ArmResults Arm(ArmTally tally, bool hasGoal)
    {
        var outcome = Outcome(tally);
        return new ArmResults
        {
            Name = tally.Name,
            Kind = tally.Kind,
            Assigned = tally.Assigned,
            Touched = tally.Touched,
            Delivered = tally.Delivered,
            Converted = tally.Converted,
            ConversionRate = outcome.Rate,
            Interval = outcome.WilsonInterval(),
            Revenue = tally.Revenue,
            RevenuePerCustomer = tally.Assigned == 0 ? 0 : Math.Round(tally.Revenue / tally.Assigned, 4),
            Touches = tally.Touches,
            Cost = tally.Cost,
            Roi = hasGoal && tally.Kind == ArmKind.Variant ? Roi(tally.Revenue, tally.Cost) : null,
        };
    }

    private static Comparison Compare(ArmTally arm, ArmTally against, string name, ExperimentOptions options)
    {
        Proportion treatment = Outcome(arm), control = Outcome(against);
        return new Comparison(name, TwoProportionTest.Uplift(control, treatment), treatment.Rate - control.Rate,
            TwoProportionTest.PValue(control, treatment), SequentialTest.PValue(control, treatment, options.MixtureSd));
    }

    /// <summary>As campaigns/README.md defines it: (revenue − cost) / cost; unknown while nothing has cost anything.</summary>
    public static double? Roi(decimal revenue, decimal cost) => cost > 0 ? (double)((revenue - cost) / cost) : null;
}
