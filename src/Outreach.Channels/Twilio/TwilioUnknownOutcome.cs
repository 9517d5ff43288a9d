using System.Globalization;
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
        var items = await client.ListAsync(resource, to, pageSize: 20, ct);
        var found = items?.FirstOrDefault(item => CreatedSince(item, attemptStarted - ClockSkew) && matches(item));
        if (found is { ValueKind: JsonValueKind.Object } item && item.TryGetProperty("sid", out var sid) && sid.GetString() is { Length: > 0 } id)
        {
            logger.LogInformation("Twilio {Resource} to {To} had an unknown outcome ({Reason}) and was found as {Sid}",
                resource, TwilioNumbers.Mask(to), unknown.Reason, id);
            return new DeliveryResult.Sent(id);
        }
        logger.LogWarning("Twilio {Resource} to {To} has an unknown outcome ({Reason}); {Lookup}; not resent",
            resource, TwilioNumbers.Mask(to), unknown.Reason, items is null ? "the lookup failed" : "the lookup found none");
        return new DeliveryResult.PermanentFailure(
            $"outcome unknown ({unknown.Reason}; {(items is null ? "lookup failed" : "not found by lookup")}); not resent, to avoid a duplicate");
    }

    private static bool CreatedSince(JsonElement item, DateTimeOffset since) =>
        item.TryGetProperty("date_created", out var created) && created.GetString() is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at >= since;
}
