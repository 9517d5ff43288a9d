namespace Outreach.Channels;

/// <summary>
/// A sender that can tell whether a touch already went out. The dispatcher asks before sending a touch that was
/// claimed before (a crash or a lost lease between send and record): an answer of "sent" is recorded instead of
/// sending again, because a duplicate message is worse than a late record.
/// </summary>
public interface ISentLookup
{
    /// <summary>The earlier send of <paramref name="touchId"/>, or null when it never left.</summary>
    Task<DeliveryResult.Sent?> FindSentAsync(string touchId, CancellationToken cancellationToken);
}
