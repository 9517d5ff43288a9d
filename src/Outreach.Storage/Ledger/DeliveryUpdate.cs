namespace Outreach.Storage.Ledger;

/// <summary>What a provider's delivery report did to the ledger (<see cref="ITouchLedger.RecordDeliveryAsync"/>).</summary>
public enum DeliveryUpdate
{
    /// <summary>The touch was Sent and is now Delivered or Failed.</summary>
    Recorded,

    /// <summary>
    /// The touch is still Reserved: the send is in flight and its outcome not yet written. The report came early and is
    /// not applied; a provider that retries on an error answer brings it again.
    /// </summary>
    NotYetSent,

    /// <summary>
    /// Nothing changed: the touch already has its final delivery status (the first report wins, so a late or repeated
    /// one never moves a touch backwards), or it was not sent with this provider id (an earlier attempt on another channel).
    /// </summary>
    Unchanged,

    /// <summary>No touch has this id (or, looked up by provider id, this provider id).</summary>
    NotFound,
}
