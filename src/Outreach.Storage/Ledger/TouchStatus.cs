namespace Outreach.Storage.Ledger;

/// <summary>Where a touch stands in the ledger. Stored by name, so members may be reordered but never renamed.</summary>
public enum TouchStatus
{
    /// <summary>Decided and waiting until it is due.</summary>
    Planned,

    /// <summary>Claimed by a dispatcher whose lease has not run out yet.</summary>
    Reserved,

    Sent,
    Delivered,
    Failed,

    /// <summary>Not sent yet (quiet hours, a cap, the limiter unreachable); tried again when due.</summary>
    Deferred,

    Dropped,
    Suppressed,
    Capped,
    HeldOut,
    NotAllowed,
    Unreachable,
}
