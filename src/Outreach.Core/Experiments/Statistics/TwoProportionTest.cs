namespace Outreach.Core.Experiments.Statistics;

/// <summary>The classic fixed-horizon comparison of two rates: valid when looked at once, at a sample size chosen in advance.</summary>
public static class TwoProportionTest
{
    /// <summary>
    /// The pooled two-proportion z statistic of <paramref name="treatment"/> against <paramref name="control"/>
    /// (positive when the treatment converts better); 0 when either arm is empty or nobody (or everybody) converted.
    /// </summary>
    public static double Z(Proportion control, Proportion treatment)
    {
        if (control.Trials == 0 || treatment.Trials == 0) return 0;
        var pooled = (double)(control.Successes + treatment.Successes) / (control.Trials + treatment.Trials);
        var variance = pooled * (1 - pooled) * (1.0 / control.Trials + 1.0 / treatment.Trials);
        return variance <= 0 ? 0 : (treatment.Rate - control.Rate) / Math.Sqrt(variance);
    }

    /// <summary>The two-sided p-value of <see cref="Z"/>.</summary>
    public static double PValue(Proportion control, Proportion treatment) => NormalDistribution.TwoSidedPValue(Z(control, treatment));

    /// <summary>Relative uplift (treatment − control) / control; null when the control converted nobody (no baseline to scale by).</summary>
    public static double? Uplift(Proportion control, Proportion treatment) =>
        control.Rate > 0 ? (treatment.Rate - control.Rate) / control.Rate : null;
}
