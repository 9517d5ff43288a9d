using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Outreach.Channels.Twilio;

/// <summary>
/// Resolves a create whose outcome is unknown (5xx, timeout, connection lost after the request left) by asking Twilio
/// for the newest resources to the same number: one created since shortly before the attempt (and, for a message, with
/// the same body) is the one the attempt created, and counts as sent. When none is found, or the list cannot be read,
/// the send is a permanent failure "outcome unknown": it is never resent blindly, the touch falls back to the next channel.
/// </summary>
internal static class TwilioUnknownOutcome
{
    /// <summary>Allowed difference between this machine's clock and Twilio's <c>date_created</c> (whole seconds).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public static async Task<DeliveryResult> ResolveAsync(
        TwilioClient client, string resource, string to, DateTimeOffset attemptStarted, Func<JsonElement, bool> matches,
        TwilioResponse.Unknown unknown, ILogger logger, CancellationToken ct)
    {
        var search = await TwilioSearch.FindAsync(client, resource, to, attemptStarted - ClockSkew, matches, pageSize: 20, ct);
        if (search is TwilioSearch.Found found)
        {
            logger.LogInformation("Twilio {Resource} to {To} had an unknown outcome ({Reason}) and was found as {Sid}",
                resource, TwilioNumbers.Mask(to), unknown.Reason, found.Sid);
            return new DeliveryResult.Sent(found.Sid);
        }
        var lookup = search is TwilioSearch.Failed ? "lookup failed" : "not found by lookup";
        logger.LogWarning("Twilio {Resource} to {To} has an unknown outcome ({Reason}); {Lookup}; not resent",
            resource, TwilioNumbers.Mask(to), unknown.Reason, lookup);
        return new DeliveryResult.PermanentFailure($"outcome unknown ({unknown.Reason}; {lookup}); not resent, to avoid a duplicate");
    }
}
