using Outreach.Core.Customers;

namespace Outreach.Core.Audience;

/// <summary>The meaning of an <see cref="AudienceFilter"/>, evaluated on one profile in memory.</summary>
public static class AudienceEvaluator
{
    public static bool Matches(this AudienceFilter filter, CustomerProfile profile)
    {
        var customer = profile.Customer;
        var purchases = profile.Purchases;
        return filter switch
        {
            AllOf all => all.Filters.All(f => f.Matches(profile)),
            AnyOf any => any.Filters.Any(f => f.Matches(profile)),
            Not not => !not.Filter.Matches(profile),
            MembershipStatusFilter m => m.Statuses.Contains(customer.MembershipStatus),
            MembershipTierFilter t => customer.MembershipTier is { } tier && t.Tiers.Contains(tier, StringComparer.OrdinalIgnoreCase),
            DaysSinceMembershipExpiryFilter d => customer.MembershipExpiresAt is { } exp && d.Days.Contains((profile.AsOf - exp).TotalDays),
            DaysUntilMembershipExpiryFilter d => customer.MembershipExpiresAt is { } exp && d.Days.Contains((exp - profile.AsOf).TotalDays),
            DaysSinceLastPurchaseFilter d => profile.RecencyDays is { } days && d.Days.Contains(days),
            CyclesSinceLastPurchaseFilter c => profile.RecencyInCycles is { } cycles && c.Cycles.Contains(cycles),
            RfmScoreFilter r => r.Score.Contains(r.Dimension switch
            {
                RfmDimension.Recency => profile.Rfm.Recency,
                RfmDimension.Frequency => profile.Rfm.Frequency,
                _ => profile.Rfm.Monetary,
            }),
            LifecycleStageFilter s => s.Stages.Contains(profile.Stage),
            PoolFilter p => p.Pools.Contains(profile.Pool),
            TotalSpendFilter s => s.Amount.Contains((double)purchases.TotalSpend),
            PurchaseCountFilter c => c.Count.Contains(purchases.PurchaseCount),
            TagsFilter t => t.RequireAll
                ? t.Tags.All(tag => customer.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                : t.Tags.Any(tag => customer.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)),
            ConsentFilter c => customer.ConsentFor(c.Channel) == ConsentStatus.OptedIn,
            _ => throw new NotSupportedException($"Audience filter {filter.GetType().Name} has no meaning defined."),
        };
    }
}
