namespace Outreach.Core.Experiments;

/// <summary>
/// A stable share of all customers that no marketing campaign touches, so the whole programme's uplift can be measured
/// (section <c>Engine:GlobalHoldout</c>). Membership hashes the customer id alone: the same customers for every campaign.
/// </summary>
public sealed class GlobalHoldoutOptions
{
    public const string SectionName = "Engine:GlobalHoldout";

    /// <summary>The reason a touch held out by it is recorded with; results tell it from a campaign's holdout by it.</summary>
    public const string Reason = "global holdout";

    /// <summary>The name of its arm in results.</summary>
    public const string ArmName = "global holdout";

    /// <summary>Percent of all customers, 0 (off, the default) to 50.</summary>
    public double Percent { get; set; }

    public bool Contains(string customerId) =>
        Percent > 0 && VariantAssigner.Bucket("global-holdout", customerId) < Percent / 100.0 * 10_000;

    /// <summary>Every mistake in the settings, named.</summary>
    public IEnumerable<string> Validate()
    {
        if (Percent is < 0 or > 50 || double.IsNaN(Percent))
            yield return $"{SectionName}:Percent must be a number from 0 to 50, not {Percent}.";
    }
}
