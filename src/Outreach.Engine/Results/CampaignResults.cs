using Outreach.Core.Experiments.Statistics;

namespace Outreach.Engine.Results;

/// <summary>What a campaign achieved, per variant and holdout, as of <see cref="AsOf"/>: what <c>outreach results</c> and the API show.</summary>
public sealed record CampaignResults
{
    public required string CampaignId { get; init; }
    public required string CampaignName { get; init; }
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The goal event and window conversions are counted by; null: the campaign has no goal, so nothing converts.</summary>
    public string? GoalEvent { get; init; }
    public TimeSpan? GoalWindow { get; init; }

    /// <summary>ISO 4217 code of costs and revenue.</summary>
    public required string Currency { get; init; }

    /// <summary>The variants in the campaign's order, then the campaign's holdout and the global holdout when they have customers.</summary>
    public required IReadOnlyList<ArmResults> Arms { get; init; }

    /// <summary>Touches that went out (sent or delivered), every step counted.</summary>
    public long Touches { get; init; }
    public decimal Cost { get; init; }

    /// <summary>Revenue of the conversions attributed to the variants (held-out customers' purchases are not the campaign's doing).</summary>
    public decimal Revenue { get; init; }

    /// <summary>(Revenue − cost) / cost; null while nothing has cost anything, or without a goal.</summary>
    public double? Roi { get; init; }

    public required WinnerResult Winner { get; init; }

    /// <summary>Null when the campaign has no stop rule.</summary>
    public StopRuleStatus? StopRule { get; init; }
}

/// <summary>Which arm a customer is in: a variant, the campaign's own holdout, or the global holdout.</summary>
public enum ArmKind
{
    Variant,
    Holdout,
    GlobalHoldout,
}

/// <summary>One variant or holdout: customers counted once each, however many runs and steps reached them.</summary>
public sealed record ArmResults
{
    public required string Name { get; init; }
    public required ArmKind Kind { get; init; }

    /// <summary>Customers decided into this arm (intention to treat: whether or not a touch reached them).</summary>
    public long Assigned { get; init; }

    /// <summary>Customers at least one touch went out to.</summary>
    public long Touched { get; init; }

    /// <summary>Customers whose touch the provider reported delivered.</summary>
    public long Delivered { get; init; }

    /// <summary>Customers with a goal event attributed to this campaign.</summary>
    public long Converted { get; init; }

    public double ConversionRate { get; init; }

    /// <summary>95% Wilson interval of the conversion rate.</summary>
    public ConfidenceInterval Interval { get; init; }

    public decimal Revenue { get; init; }
    public decimal RevenuePerCustomer { get; init; }
    public long Touches { get; init; }
    public decimal Cost { get; init; }

    /// <summary>(Revenue − cost) / cost of this arm; null when it cost nothing.</summary>
    public double? Roi { get; init; }

    /// <summary>Against the campaign's holdout; null for holdouts and when there is none.</summary>
    public Comparison? VsHoldout { get; init; }

    /// <summary>Against the best other variant; null for holdouts and single-variant campaigns.</summary>
    public Comparison? VsBestOther { get; init; }
}

/// <summary>An arm compared with another: relative uplift, difference in rate and both p-values (two-sided).</summary>
/// <param name="PValue">The fixed-horizon two-proportion z-test: right when read once, at a sample size fixed in advance.</param>
/// <param name="SequentialPValue">The always-valid p-value (mSPRT): right at every look; winners are declared by it.</param>
public sealed record Comparison(string Against, double? Uplift, double Difference, double PValue, double SequentialPValue);

/// <summary>The declared winner (null: none yet) and why.</summary>
public sealed record WinnerResult(string? Winner, string Reason, double? SequentialPValue);

/// <summary>Where the campaign stands against its stop rule; <see cref="Tripped"/> means its runs are to be paused.</summary>
public sealed record StopRuleStatus(int AfterTouches, double MinRoi, long Touches, double? Roi, bool Tripped, string Message);
