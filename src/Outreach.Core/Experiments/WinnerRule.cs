using System.Globalization;
using Outreach.Core.Experiments.Statistics;

namespace Outreach.Core.Experiments;

/// <summary>One arm of an experiment as the winner rule sees it: its name and how many of its customers converted.</summary>
public sealed record ExperimentArm(string Name, Proportion Outcome);

/// <summary>The winner, or null with why not yet; the always-valid p-value of the deciding comparison when there was one.</summary>
public sealed record WinnerVerdict(string? Winner, string Reason, double? PValue);

/// <summary>
/// Declares a winner only when it is safe to act on, at any look: every compared arm has the minimum sample and the
/// sequential test's always-valid p-value is below α. Several variants: the best against the best other one (the
/// closest race). One variant: the variant against the holdout.
/// </summary>
public static class WinnerRule
{
    public static WinnerVerdict Judge(IReadOnlyList<ExperimentArm> variants, ExperimentArm? holdout, ExperimentOptions options)
    {
        var ranked = variants.OrderByDescending(v => v.Outcome.Rate).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        if (ranked.Count == 0) return new(null, "the campaign has no variants with customers yet", null);

        var best = ranked[0];
        var rival = ranked.Count > 1 ? ranked[1] : holdout;
        if (rival is null) return new(null, "one variant and no holdout: nothing to compare it with", null);
        var against = ReferenceEquals(rival, holdout) ? "the holdout" : $"'{rival.Name}'";

        var small = new[] { best, rival }.Where(a => a.Outcome.Trials < options.MinSamplePerArm).ToList();
        if (small.Count > 0)
            return new(null, $"not enough customers yet: {string.Join(", ", small.Select(a => $"{Label(a, holdout)} has {a.Outcome.Trials}"))} of the {options.MinSamplePerArm} needed", null);

        var p = SequentialTest.PValue(rival.Outcome, best.Outcome, options.MixtureSd);
        var rates = $"'{best.Name}' converts {Percent(best.Outcome.Rate)} against {Percent(rival.Outcome.Rate)} for {against}";
        if (best.Outcome.Rate <= rival.Outcome.Rate)
            return new(null, $"no difference: {rates}", p);
        return p < options.Alpha
            ? new(best.Name, $"{rates}; always-valid p = {Number(p)} < {Number(options.Alpha)}", p)
            : new(null, $"no winner yet: {rates}, always-valid p = {Number(p)} (needs < {Number(options.Alpha)})", p);
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Label(ExperimentArm arm, ExperimentArm? holdout) => ReferenceEquals(arm, holdout) ? "the holdout" : $"'{arm.Name}'";
}
