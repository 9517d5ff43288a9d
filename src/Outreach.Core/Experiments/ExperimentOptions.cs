namespace Outreach.Core.Experiments;

/// <summary>When an experiment may declare a winner (section <c>Experiments</c>).</summary>
public sealed class ExperimentOptions
{
    public const string SectionName = "Experiments";

    /// <summary>Customers each compared arm needs before any winner is declared, however strong the early signal.</summary>
    public int MinSamplePerArm { get; set; } = 1000;

    /// <summary>The significance level of the sequential test: the chance of ever declaring a winner that is not one.</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>The sequential test's mixing standard deviation (see <see cref="Statistics.SequentialTest.DefaultMixtureSd"/>).</summary>
    public double MixtureSd { get; set; } = Statistics.SequentialTest.DefaultMixtureSd;

    /// <summary>Every mistake in the settings, named; empty when they are usable.</summary>
    public IEnumerable<string> Validate()
    {
        if (MinSamplePerArm < 1) yield return $"{SectionName}:MinSamplePerArm must be at least 1, not {MinSamplePerArm}.";
        if (Alpha is <= 0 or >= 1) yield return $"{SectionName}:Alpha must be between 0 and 1 (e.g. 0.05), not {Alpha}.";
        if (MixtureSd <= 0) yield return $"{SectionName}:MixtureSd must be above 0, not {MixtureSd}.";
    }
}
