namespace Outreach.Core.Experiments.Statistics;

/// <summary>
/// An always-valid test of two rates, safe to look at every day: the mixture sequential probability ratio test (mSPRT)
/// of Johari, Koomen, Pekelis and Walsh, "Peeking at A/B Tests" (KDD 2017) and "Always Valid Inference" (Operations
/// Research 2022), with a normal mixture over the difference of the rates.
/// </summary>
/// <remarks>
/// The guarantee: if the two arms truly convert alike, the chance that the p-value ever falls below α — at any of any
/// number of looks, however the looks are timed — is at most α. The price is power: it needs more customers than a
/// fixed-horizon test read once. The difference is treated as normal with the pooled variance of the two rates (the
/// normal approximation the papers use for binary outcomes); <c>PeekingSimulationTests</c> checks the guarantee holds with it.
/// </remarks>
public static class SequentialTest
{
    /// <summary>
    /// The default mixing standard deviation, in units of the per-customer standard deviation √(p̄(1 − p̄)): effects of
    /// about this standardized size are found fastest. 0.1 is a +20% lift on a 15% rate (0.03 / 0.36 ≈ 0.08) or so.
    /// </summary>
    public const double DefaultMixtureSd = 0.1;

    /// <summary>
    /// The likelihood ratio Λ of "the rates differ" (standardized difference ~ N(0, τ²)) against "they are equal", after
    /// the data so far. With v = 1/n₁ + 1/n₂ and z the pooled two-proportion z statistic (the standardized difference is
    /// z·√v): Λ = √(v / (v + τ²)) · exp(τ² z² / (2(v + τ²))) — the papers' normal-mixture ratio for a difference of means.
    /// </summary>
    public static double LikelihoodRatio(Proportion control, Proportion treatment, double mixtureSd = DefaultMixtureSd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mixtureSd);
        if (control.Trials == 0 || treatment.Trials == 0) return 1;
        var v = 1.0 / control.Trials + 1.0 / treatment.Trials;
        var tau2 = mixtureSd * mixtureSd;
        var z = TwoProportionTest.Z(control, treatment);
        var logRatio = 0.5 * Math.Log(v / (v + tau2)) + tau2 * z * z / (2 * (v + tau2));
        return Math.Exp(Math.Min(logRatio, 700));
    }

    /// <summary>
    /// The always-valid p-value at this look, min(1, 1/Λ). Declaring a difference when it is below α is safe at every
    /// look. (The papers' p-value is the running minimum over all looks; this one reads only the current data, so it is
    /// never smaller than that and keeps the same guarantee.)
    /// </summary>
    public static double PValue(Proportion control, Proportion treatment, double mixtureSd = DefaultMixtureSd) =>
        Math.Min(1, 1 / LikelihoodRatio(control, treatment, mixtureSd));
}
