namespace Outreach.Channels;

/// <summary>
/// A sender that can tell whether a touch already went out. The dispatcher asks before sending a touch that was
/// claimed before (a crash or a lost lease between send and record): an answer of "sent" is recorded instead of
/// sending again, because a duplicate message is worse than a late record.
/// </summary>
public interface ISentLookup
{
    /// <summary>
    /// The earlier send of <paramref name="message"/>'s touch (<see cref="DeliveryResult.Sent"/>); null when it never
    /// left; a <see cref="DeliveryResult.TransientFailure"/> when the provider cannot tell now, so the touch waits and is
    /// asked about again rather than risk a duplicate. The whole message is given because a provider may only be
    /// searchable by recipient and content, not by our touch id.
    /// </summary>
    Task<DeliveryResult?> FindSentAsync(OutboundMessage message, CancellationToken cancellationToken);
}
