using Outreach.Core.Customers;

namespace Outreach.Core.Simulation;

/// <summary>
/// Generates realistic synthetic customers with purchase histories and memberships, for demos and load tests.
/// Deterministic for a seed, lazy (one customer at a time) and cheap enough for millions of customers.
/// </summary>
public static class CustomerSimulator
{
    private static readonly WeightedChoice<string?> TimeZones = new(
        ("Asia/Shanghai", 86), (null, 4), ("Asia/Hong_Kong", 3), ("Asia/Taipei", 2), ("Asia/Singapore", 2),
        ("America/Los_Angeles", 1), ("Europe/London", 1), ("Australia/Sydney", 1));

    public static IEnumerable<SimulatedCustomer> Generate(SimulationOptions options)
    {
        // Checked here rather than inside the iterator, so a wrong call fails where it is made.
        ArgumentOutOfRangeException.ThrowIfNegative(options.Count);
        if (!string.Equals(options.DefaultRegion, "CN", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Only mainland China (CN) customers can be simulated, not '{options.DefaultRegion}'.", nameof(options));
        return Stream(options);
    }

    private static IEnumerable<SimulatedCustomer> Stream(SimulationOptions options)
    {
        for (var index = 0; index < options.Count; index++) yield return Create(options, index);
    }

    private static SimulatedCustomer Create(SimulationOptions options, int index)
    {
        var random = SimulationRandom.ForCustomer(options.Seed, index);
        var now = options.Now.ToUniversalTime();
        var id = $"C{index + 1:D7}";

        var archetype = CustomerArchetypes.Pick(random);
        var person = PersonNames.Next(random);
        var (events, purchases) = PurchaseHistory.Generate(id, PurchaseTimeline.DaysAgo(archetype, random), now, random);

        var phone = random.Chance(0.96) ? SimulatedContacts.Phone(random, options.Seed, index) : null;
        var email = random.Chance(0.40) ? SimulatedContacts.Email(random, person.AsciiName, options.Seed, index) : null;
        var openId = random.Chance(0.70) ? SimulatedContacts.WeChatOpenId(random, options.Seed) : null;
        var tags = SimulatedTags.Next(random, purchases.TotalSpend);
        var membership = SimulatedMembership.Next(archetype, purchases.TotalSpend, now, random);

        var customer = new Customer
        {
            Id = id,
            Name = person.DisplayName,
            Phone = phone,
            Email = email,
            WeChatOpenId = openId,
            TimeZone = TimeZones.Pick(random),
            Tags = tags,
            Consent = SimulatedConsent.Next(random, phone is not null, email is not null, openId is not null, tags.Contains(SimulatedTags.Complained)),
            MembershipTier = membership.Tier,
            MembershipStatus = membership.Status,
            MembershipExpiresAt = membership.ExpiresAt,
            CreatedAt = CreatedAt(purchases, now, random),
        };
        return new SimulatedCustomer(customer, purchases, events);
    }

    // Customers sign up some time before their first purchase; those who never bought joined any time in the last two years.
    private static DateTimeOffset CreatedAt(PurchaseStats purchases, DateTimeOffset now, SimulationRandom random) =>
        purchases.FirstPurchaseAt is { } first
            ? first.AddSeconds(-Math.Round(random.Between(0, 90) * 86_400))
            : now.AddSeconds(-Math.Round(random.Between(0, 730) * 86_400));
}
