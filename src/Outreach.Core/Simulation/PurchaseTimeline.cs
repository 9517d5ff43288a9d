namespace Outreach.Core.Simulation;

/// <summary>
/// When an archetype's purchases happened, in days before now, oldest first. Histories are built backwards
/// from the last purchase with a personal repurchase cycle, so recency and cycle land where the archetype
/// belongs (a loyal buyer is within their cycle or a little overdue, a lapsed one stopped 60–400 days ago).
/// </summary>
internal static class PurchaseTimeline
{
    /// <summary>Enough history for RFM and cycles, small enough that a million customers load quickly.</summary>
    public const int MaxPurchases = 24;

    public static double[] DaysAgo(CustomerArchetype archetype, SimulationRandom random) => archetype switch
    {
        CustomerArchetype.Loyal => Loyal(random),
        CustomerArchetype.Occasional => Occasional(random),
        CustomerArchetype.OneTime => [random.Between(31, 365)],
        CustomerArchetype.Lapsed => Lapsed(random),
        CustomerArchetype.Newcomer => Newcomer(random),
        _ => [],
    };

    private static double[] Loyal(SimulationRandom random)
    {
        var cycle = random.Between(7, 45);
        var count = Math.Min(MaxPurchases, 5 + (int)random.LogNormal(4, 0.8));
        // Most regulars are on schedule; 30% are overdue by 1.6–2.9 cycles (the warning and maintenance pools).
        var recency = random.Chance(0.70) ? random.Between(0, 1.2 * cycle) : Math.Min(170, random.Between(1.6, 2.9) * cycle);
        return Backwards(random, recency, cycle, count);
    }

    private static double[] Occasional(SimulationRandom random)
    {
        var cycle = random.Between(30, 120);
        var recency = random.Chance(0.6) ? random.Between(0, 1.4 * cycle) : random.Between(1.5, 3) * cycle;
        return Backwards(random, recency, cycle, random.Next(2, 5));
    }

    private static double[] Lapsed(SimulationRandom random)
    {
        var cycle = random.Between(7, 60);
        return Backwards(random, random.Between(60, 400), cycle, random.Next(1, 10));
    }

    private static double[] Newcomer(SimulationRandom random)
    {
        var first = random.Between(0, 30);
        return random.Chance(0.3) ? [first, random.Between(0, first)] : [first];
    }

    private static double[] Backwards(SimulationRandom random, double recency, double cycle, int count)
    {
        var days = new double[count];
        var at = recency;
        for (var i = count - 1; i >= 0; i--)
        {
            days[i] = at;
            at += Math.Max(1, cycle * random.Between(0.5, 1.5)); // at least a day apart, so the order is the order of days
        }
        return days;
    }
}
