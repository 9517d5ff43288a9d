namespace Outreach.Core.Simulation;

/// <summary>What to simulate: how many customers, from which seed, as of which moment.</summary>
public sealed record SimulationOptions
{
    /// <summary>Customers to generate; they are produced one at a time, so any count fits in memory.</summary>
    public required int Count { get; init; }

    /// <summary>The same seed always yields the same customers, histories and ids.</summary>
    public required long Seed { get; init; }

    /// <summary>The moment the histories lead up to: every purchase is before it, memberships expire around it.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>The country whose mobile numbers customers have; only mainland China (<c>CN</c>) is simulated.</summary>
    public string DefaultRegion { get; init; } = "CN";
}
