using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outreach.Channels.Twilio;
using Outreach.Core;

namespace Outreach.Channels.Sms;

/// <summary>
/// Sends SMS through Twilio's Messages API: <c>To</c>, <c>From</c> or <c>MessagingServiceSid</c>, <c>Body</c> and, when
/// configured, a <c>StatusCallback</c> carrying the touch id. Provider answers come back as values
/// (<see cref="TwilioResponse.ToDelivery"/>); an unknown outcome is looked up, never resent. A touch claimed again
/// after a crash counts as sent when a message with its body went to its number within the lookup window.
/// </summary>
public sealed class TwilioSmsSender(TwilioClient client, TimeProvider time, ILogger<TwilioSmsSender> logger) : IChannelSender, ISentLookup
{
    private readonly TwilioSentLookup _sent = new(client, "Messages.json", time, logger);

    public Channel Channel => Channel.Sms;

    public Task<DeliveryResult?> FindSentAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        _sent.FindAsync(message, SameBody(message), cancellationToken);

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!TwilioNumbers.IsE164(message.Address))
        {
            logger.LogWarning("Touch {TouchId}: {To} is not an E.164 number; not sent", message.TouchId, TwilioNumbers.Mask(message.Address));
            return TwilioNumbers.Invalid();
        }
        var options = client.Options;
        var form = new List<KeyValuePair<string, string>> { new("To", message.Address) };
        form.Add(string.IsNullOrWhiteSpace(options.MessagingServiceSid)
            ? new("From", options.From!)
            : new("MessagingServiceSid", options.MessagingServiceSid));
        form.Add(new("Body", message.Body));
        if (options.StatusCallbackFor(message.TouchId) is { } callback) form.Add(new("StatusCallback", callback));

        var started = time.GetUtcNow();
        var response = await client.CreateMessageAsync(form, cancellationToken);
        var result = response is TwilioResponse.Unknown unknown
            ? await TwilioUnknownOutcome.ResolveAsync(client, "Messages.json", message.Address, started,
                SameBody(message), unknown, logger, cancellationToken)
            : response.ToDelivery();
        logger.LogInformation("Touch {TouchId}: sms to {To} → {Result}", message.TouchId, TwilioNumbers.Mask(message.Address), result.GetType().Name);
        return result;
    }

    private static Func<JsonElement, bool> SameBody(OutboundMessage message) =>
        item => item.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String && body.GetString() == message.Body;
}
