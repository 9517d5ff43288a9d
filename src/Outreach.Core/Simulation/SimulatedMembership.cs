using Outreach.Core.Customers;

namespace Outreach.Core.Simulation;

/// <summary>
/// Paid membership: who has one depends on how they buy. Active memberships expire within the next year,
/// expired ones ran out 0–120 days ago (the renewal campaign's audience), cancelled ones keep the end of
/// the period that was paid for.
/// </summary>
internal static class SimulatedMembership
{
    public readonly record struct Membership(string? Tier, MembershipStatus Status, DateTimeOffset? ExpiresAt);

    private static readonly Membership NoMembership = new(null, MembershipStatus.None, null);

    public static Membership Next(CustomerArchetype archetype, decimal totalSpend, DateTimeOffset now, SimulationRandom random)
    {
        var (share, active, expired) = archetype switch
        {
            CustomerArchetype.Loyal => (0.75, 0.70, 0.20),
            CustomerArchetype.Occasional => (0.50, 0.50, 0.35),
            CustomerArchetype.OneTime => (0.25, 0.40, 0.45),
            CustomerArchetype.Lapsed => (0.50, 0.15, 0.65),
            CustomerArchetype.Newcomer => (0.20, 0.90, 0.05),
            _ => (0.10, 0.60, 0.30),
        };
        if (!random.Chance(share)) return NoMembership;

        var tier = Tier(totalSpend, random);
        var draw = random.NextDouble();
        return draw < active ? new(tier, MembershipStatus.Active, Days(now, random.Between(1, 365)))
            : draw < active + expired ? new(tier, MembershipStatus.Expired, Days(now, -random.Between(0, 120)))
            : new(tier, MembershipStatus.Cancelled, Days(now, random.Between(-180, 60)));
    }

    private static string Tier(decimal totalSpend, SimulationRandom random)
    {
        // Big spenders are pushed up a tier more often than not.
        var x = random.NextDouble() + (totalSpend >= 5000 ? 0.3 : totalSpend >= 2000 ? 0.15 : 0);
        return x < 0.6 ? "silver" : x < 0.9 ? "gold" : "platinum";
    }

    private static DateTimeOffset Days(DateTimeOffset now, double days) =>
        now.ToUniversalTime().AddSeconds(Math.Round(days * 86_400));
}
