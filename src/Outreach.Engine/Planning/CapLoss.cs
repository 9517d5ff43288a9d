namespace Outreach.Engine.Planning;

/// <summary>Customers one cap rule keeps from a touch: deferred until it frees up (not re-simulated), or dropped.</summary>
public sealed record CapLoss(long Deferred, long Dropped)
{
    public long Total => Deferred + Dropped;

    public CapLoss Plus(CapLoss other) => new(Deferred + other.Deferred, Dropped + other.Dropped);
}
