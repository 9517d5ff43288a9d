using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Outreach.Channels.Twilio;

/// <summary>
/// The <see cref="ISentLookup"/> of the Twilio senders. Twilio cannot be asked by our touch id, so a touch claimed
/// again after a crash looks among the newest messages (or calls) to its number for one created within
/// <see cref="TwilioOptions.SentLookupWindow"/> that the sender's match accepts.
/// </summary>
/// <remarks>
/// When the lookup itself fails (the list cannot be read, or holds too many to tell) nothing is known. Answering
/// "sent" would record a touch that may never have left; answering "not sent" lets the dispatcher send it again, a
/// possible duplicate, which is worse than a late message. So it answers a transient failure: the touch waits and is
/// looked up again on its next attempt, and when the attempts run out the dispatcher fails it over to the next
/// channel, as for an unknown create outcome.
/// </remarks>
internal sealed class TwilioSentLookup(TwilioClient client, string resource, TimeProvider time, ILogger logger)
{
    /// <summary>Enough for every touch a number gets in a day; a full page inside the window is inconclusive.</summary>
    private const int PageSize = 50;

    public async Task<DeliveryResult?> FindAsync(OutboundMessage message, Func<JsonElement, bool> matches, CancellationToken ct)
    {
        // Such a number is refused before anything reaches Twilio, so no earlier attempt can have sent to it.
        if (!TwilioNumbers.IsE164(message.Address)) return null;
        var since = time.GetUtcNow() - client.Options.SentLookupWindow;
        switch (await TwilioSearch.FindAsync(client, resource, message.Address, since, matches, PageSize, ct))
        {
            case TwilioSearch.Found found:
                logger.LogInformation("Touch {TouchId}: found {Sid} sent to {To} by an earlier attempt; not sent again",
                    message.TouchId, found.Sid, TwilioNumbers.Mask(message.Address));
                return new DeliveryResult.Sent(found.Sid);
            case TwilioSearch.Failed failed:
                logger.LogWarning("Touch {TouchId}: could not check whether an earlier attempt sent it to {To} ({Reason}); held back",
                    message.TouchId, TwilioNumbers.Mask(message.Address), failed.Reason);
                return new DeliveryResult.TransientFailure(
                    $"could not check whether an earlier attempt already sent it ({failed.Reason}); not sent, to avoid a duplicate");
            default:
                return null;
        }
    }
}
