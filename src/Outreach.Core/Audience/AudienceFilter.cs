using Outreach.Core.Customers;

namespace Outreach.Core.Audience;

/// <summary>
/// A composable condition over a customer profile. Campaign files build these; the stores compile them to SQL;
/// <see cref="AudienceEvaluator"/> is the reference meaning both must agree with.
/// </summary>
public abstract record AudienceFilter
{
    /// <summary>Everyone.</summary>
    public static readonly AudienceFilter Everyone = new AllOf([]);
}

/// <summary>Every filter matches (an empty list matches everyone).</summary>
public sealed record AllOf(IReadOnlyList<AudienceFilter> Filters) : AudienceFilter;

/// <summary>At least one filter matches (an empty list matches nobody).</summary>
public sealed record AnyOf(IReadOnlyList<AudienceFilter> Filters) : AudienceFilter;

/// <summary>The filter does not match (used by <c>exclude</c>).</summary>
public sealed record Not(AudienceFilter Filter) : AudienceFilter;

public sealed record MembershipStatusFilter(IReadOnlyList<MembershipStatus> Statuses) : AudienceFilter;

public sealed record MembershipTierFilter(IReadOnlyList<string> Tiers) : AudienceFilter;

/// <summary>Days since the membership expired; customers without an expiry date never match, nor do those not yet expired unless the range allows negatives.</summary>
public sealed record DaysSinceMembershipExpiryFilter(NumberRange Days) : AudienceFilter;

/// <summary>Days until the membership expires (negative once expired); customers without an expiry date never match.</summary>
public sealed record DaysUntilMembershipExpiryFilter(NumberRange Days) : AudienceFilter;

/// <summary>Days since the last purchase; customers who never bought never match.</summary>
public sealed record DaysSinceLastPurchaseFilter(NumberRange Days) : AudienceFilter;

/// <summary>Days since the last purchase measured in the customer's own repurchase cycles; never-bought customers never match.</summary>
public sealed record CyclesSinceLastPurchaseFilter(NumberRange Cycles) : AudienceFilter;

public sealed record RfmScoreFilter(RfmDimension Dimension, NumberRange Score) : AudienceFilter;

public sealed record LifecycleStageFilter(IReadOnlyList<LifecycleStage> Stages) : AudienceFilter;

public sealed record PoolFilter(IReadOnlyList<CustomerPool> Pools) : AudienceFilter;

public sealed record TotalSpendFilter(NumberRange Amount) : AudienceFilter;

public sealed record PurchaseCountFilter(NumberRange Count) : AudienceFilter;

/// <summary>The customer has any (or all) of the tags.</summary>
public sealed record TagsFilter(IReadOnlyList<string> Tags, bool RequireAll = false) : AudienceFilter;

/// <summary>The customer opted in to the channel.</summary>
public sealed record ConsentFilter(Channel Channel) : AudienceFilter;
