namespace Outreach.Core.Simulation;

/// <summary>
/// The kinds of buyer a retailer's customer base is made of. Mixing them in these shares puts customers in
/// every lifecycle pool and stage: loyal regulars, occasional buyers, one-time buyers, lapsed ones, newcomers
/// and registered customers who never bought.
/// </summary>
internal enum CustomerArchetype
{
    Loyal,
    Occasional,
    OneTime,
    Lapsed,
    Newcomer,
    NeverBought,
}

internal static class CustomerArchetypes
{
    private static readonly WeightedChoice<CustomerArchetype> Shares = new(
        (CustomerArchetype.Loyal, 22),
        (CustomerArchetype.Occasional, 20),
        (CustomerArchetype.OneTime, 15),
        (CustomerArchetype.Lapsed, 20),
        (CustomerArchetype.Newcomer, 10),
        (CustomerArchetype.NeverBought, 13));

    public static CustomerArchetype Pick(SimulationRandom random) => Shares.Pick(random);
}
