using Outreach.Core;
using Outreach.Core.Customers;

namespace Outreach.Storage.Tests.Support;

/// <summary>
/// Random customers for property checks, biased towards the edges: day counts exactly on the lifecycle thresholds,
/// spend exactly on the monetary bounds, two purchases at one instant, never-bought customers, purchases "in the future".
/// Instants have millisecond precision, which is what the stores keep.
/// </summary>
public static class RandomCustomers
{
    public static readonly string[] TagPool = ["vip", "VIP", "student", "wholesale", "new", "lapsed", "Ünïcode", "staff"];
    public static readonly string[] TierPool = ["Gold", "gold", "Silver", "Platinum", "bronze"];
    private static readonly double[] EdgeDays = [0, 1, 7, 20, 30, 45, 60, 90, 100, 180, 181, 365];
    private static readonly decimal[] EdgeSpend = [0m, 99.99m, 100m, 499.99m, 500m, 1999.9999m, 2000m, 5000m, 12345.6789m];

    public static List<(Customer Customer, PurchaseStats Purchases)> Generate(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => Next(random, $"r{i:D4}")).ToList();
    }

    private static (Customer, PurchaseStats) Next(Random random, string id)
    {
        var customer = new CustomerDraft(id)
        {
            Tags = Enumerable.Range(0, random.Next(4)).Select(_ => TagPool[random.Next(TagPool.Length)]).Distinct().ToList(),
            Tier = random.Next(4) == 0 ? null : TierPool[random.Next(TierPool.Length)],
            Status = (MembershipStatus)random.Next(4),
            ExpiresAt = random.Next(4) == 0 ? null : Instant(random, random.Next(2) == 0 ? -DaysAgo(random) : DaysAgo(random)),
        };
        foreach (var channel in Enum.GetValues<Channel>()) customer.Consent[channel] = (ConsentStatus)random.Next(3);
        return (customer.Build(), Purchases(random));
    }

    private static PurchaseStats Purchases(Random random)
    {
        var count = random.Next(6) switch { 0 => 0, 1 => 1, 2 => 2, 3 => random.Next(3, 8), 4 => random.Next(8, 20), _ => random.Next(1, 40) };
        if (count == 0) return PurchaseStats.None;
        var last = DaysAgo(random);
        var first = count == 1 || random.Next(8) == 0 ? last : last + Math.Abs(DaysAgo(random));
        var spend = random.Next(3) == 0 ? EdgeSpend[random.Next(EdgeSpend.Length)] : Math.Round((decimal)(random.NextDouble() * 8000), 2);
        return new PurchaseStats(Instant(random, first), Instant(random, last), count, spend);
    }

    private static double DaysAgo(Random random) => random.Next(6) switch
    {
        0 or 1 => EdgeDays[random.Next(EdgeDays.Length)],
        2 => -random.NextDouble() * 2, // stamped slightly after "now"
        _ => random.NextDouble() * 400,
    };

    private static DateTimeOffset Instant(Random random, double daysAgo) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Days.Ago(daysAgo).ToUnixTimeMilliseconds());
}
