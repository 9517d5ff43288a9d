namespace Outreach.Storage.Ledger;

/// <summary>How much work the touch queue holds, for monitoring. Implemented by the touch ledger.</summary>
public interface ITouchQueue
{
    /// <summary>Touches a dispatcher could claim at <paramref name="now"/>: due and pending, or reserved under a lease that ran out.</summary>
    Task<long> CountDueAsync(DateTimeOffset now, CancellationToken ct = default);
}
