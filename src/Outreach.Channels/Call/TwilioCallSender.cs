using System.Security;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outreach.Channels.Twilio;
using Outreach.Core;

namespace Outreach.Channels.Call;

/// <summary>
/// Places calls through Twilio's Calls API that speak the rendered text with TwiML
/// <c>&lt;Say voice=".." language=".."&gt;</c> (voice and language from the campaign), asking for the
/// <c>answered</c> and <c>completed</c> status callbacks when a callback URL is configured, with answering-machine
/// detection when <see cref="TwilioOptions.MachineDetection"/> is set.
/// </summary>
/// <remarks>
/// Twilio's call list gives neither the TwiML nor the status callback, so a touch claimed again after a crash counts
/// as sent when any call from our number went to its number within the lookup window: at worst a second call of the
/// same day is skipped, which beats ringing the customer twice.
/// </remarks>
public sealed class TwilioCallSender(TwilioClient client, TimeProvider time, ILogger<TwilioCallSender> logger) : IChannelSender, ISentLookup
{
    /// <summary>Twilio's limit on the <c>Twiml</c> parameter.</summary>
    public const int MaxTwimlLength = 4000;

    private readonly TwilioSentLookup _sent = new(client, "Calls.json", time, logger);

    public Channel Channel => Channel.Call;

    public Task<DeliveryResult?> FindSentAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        _sent.FindAsync(message, FromUs, cancellationToken);

    public static string TwimlFor(OutboundMessage message)
    {
        var attributes = "";
        if (!string.IsNullOrWhiteSpace(message.Voice)) attributes += $" voice=\"{SecurityElement.Escape(message.Voice)}\"";
        if (!string.IsNullOrWhiteSpace(message.Language)) attributes += $" language=\"{SecurityElement.Escape(message.Language)}\"";
        return $"<Response><Say{attributes}>{SecurityElement.Escape(message.Body)}</Say></Response>";
    }

    public async Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!TwilioNumbers.IsE164(message.Address))
        {
            logger.LogWarning("Touch {TouchId}: {To} is not an E.164 number; not called", message.TouchId, TwilioNumbers.Mask(message.Address));
            return TwilioNumbers.Invalid();
        }
        var twiml = TwimlFor(message);
        if (twiml.Length > MaxTwimlLength)
            return new DeliveryResult.PermanentFailure($"the call's TwiML is {twiml.Length} characters, more than Twilio's {MaxTwimlLength}");

        var options = client.Options;
        var from = options.EffectiveCallFrom!;
        var form = new List<KeyValuePair<string, string>> { new("To", message.Address), new("From", from), new("Twiml", twiml) };
        if (!string.IsNullOrWhiteSpace(options.MachineDetection)) form.Add(new("MachineDetection", options.MachineDetection));
        if (options.StatusCallbackFor(message.TouchId) is { } callback)
        {
            form.Add(new("StatusCallback", callback));
            form.Add(new("StatusCallbackEvent", "answered"));
            form.Add(new("StatusCallbackEvent", "completed"));
        }

        var started = time.GetUtcNow();
        var response = await client.CreateCallAsync(form, cancellationToken);
        var result = response is TwilioResponse.Unknown unknown
            ? await TwilioUnknownOutcome.ResolveAsync(client, "Calls.json", message.Address, started, FromUs, unknown, logger, cancellationToken)
            : response.ToDelivery();
        logger.LogInformation("Touch {TouchId}: call to {To} → {Result}", message.TouchId, TwilioNumbers.Mask(message.Address), result.GetType().Name);
        return result;
    }

    private bool FromUs(JsonElement item) =>
        item.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String && from.GetString() == client.Options.EffectiveCallFrom;
}
