using Outreach.Core.Customers;

namespace Outreach.Core.Simulation;

/// <summary>Turns a <see cref="PurchaseTimeline"/> into purchase events with amounts, stores and products.</summary>
internal static class PurchaseHistory
{
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    public static (IReadOnlyList<CustomerEvent> Events, PurchaseStats Stats) Generate(
        string customerId, double[] daysAgo, DateTimeOffset now, SimulationRandom random)
    {
        if (daysAgo.Length == 0) return ([], PurchaseStats.None);

        // Each customer has a usual basket size and a usual store; single orders vary around them.
        var basket = Math.Clamp(random.LogNormal(160, 0.7), 15, 3000);
        var homeStore = random.Pick(StoreCatalog.Stores);
        var events = new CustomerEvent[daysAgo.Length];
        var stats = PurchaseStats.None;
        for (var i = 0; i < daysAgo.Length; i++)
        {
            var at = PurchaseTime(now, daysAgo[i], random);
            var amount = Price(basket * random.LogNormal(1, 0.35));
            events[i] = new CustomerEvent
            {
                Id = $"sim-{customerId}-{i + 1}",
                CustomerId = customerId,
                Type = EventTypes.Purchase,
                OccurredAt = at,
                Amount = amount,
                Properties = new Dictionary<string, string>(3)
                {
                    ["store"] = random.Chance(0.85) ? homeStore : random.Pick(StoreCatalog.Stores),
                    ["sku"] = random.Pick(StoreCatalog.Skus),
                    ["channel"] = StoreCatalog.SalesChannels.Pick(random),
                },
            };
            stats = stats.With(at, amount);
        }
        return (events, stats);
    }

    // Shops are open 10:00–21:30 China time; a purchase "today" that would be later than now moves to yesterday.
    private static DateTimeOffset PurchaseTime(DateTimeOffset now, double daysAgo, SimulationRandom random)
    {
        var today = new DateTimeOffset(now.ToOffset(ChinaStandardTime).Date, ChinaStandardTime);
        var at = today.AddDays(-Math.Floor(daysAgo)).AddSeconds(36_000 + random.Next(41_400));
        return (at > now ? at.AddDays(-1) : at).ToUniversalTime();
    }

    // Prices end in .90, as shop prices do.
    private static decimal Price(double amount) => Math.Max(1m, Math.Round((decimal)amount)) - 0.10m;
}
