namespace Outreach.Engine.Pipeline;

/// <summary>Where the decision for one customer ended. Every outcome is recorded, the held-out ones too.</summary>
public enum TouchOutcome
{
    /// <summary>In the campaign's holdout: never touched, followed for uplift.</summary>
    HeldOut,

    /// <summary>Opted out, complained or invalid on every channel the variant could use.</summary>
    Suppressed,

    /// <summary>A whitelist rule (allow-only list) keeps this customer out.</summary>
    NotAllowed,

    /// <summary>No channel of the variant has both a contact address and consent.</summary>
    Unreachable,

    /// <summary>Quiet hours in the customer's time zone; tried again at the next allowed moment.</summary>
    Deferred,

    /// <summary>A frequency cap is full; the campaign said drop, or the deferral would outlive the touch's worth.</summary>
    Dropped,

    /// <summary>A frequency cap is full; tried again when the customer is next eligible.</summary>
    Capped,

    /// <summary>The limiter could not be asked (Redis down): not sent, tried again later.</summary>
    Waiting,

    /// <summary>Decided and rendered, but not sent (dry run).</summary>
    Planned,

    Sent,
    Failed,
}
