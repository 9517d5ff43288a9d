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

    /// <summary>A frequency cap was full; tried again when due (the customer's next eligible moment).</summary>
    Capped,

    HeldOut,
    NotAllowed,
    Unreachable,

    /// <summary>The customer reached the campaign's goal: the rest of the sequence is not sent.</summary>
    Exited,

    /// <summary>The customer no longer fits the audience, or the step's <c>only</c> filter leaves them out.</summary>
    Skipped,

    /// <summary>Its run is paused; resuming makes it Planned again (it keeps its due time).</summary>
    Paused,

    /// <summary>Its run was cancelled before it was sent.</summary>
    Cancelled,
}
