using Microsoft.Extensions.Options;
using Outreach.Channels.Twilio;
using Outreach.Core;
using Outreach.Limits.Suppression;

namespace Outreach.Server.Webhooks;

/// <summary>
/// Twilio's calls to this server: status callbacks of messages and calls, and inbound SMS. Each is answered only once
/// its <c>X-Twilio-Signature</c> checks out against the account's auth token; anything else is 403.
/// </summary>
public sealed class TwilioWebhooks(
    SignedUrl signedUrl, IOptions<TwilioOptions> twilio, DeliveryReports deliveries, ISuppressionList suppressions, ILogger<TwilioWebhooks> logger)
{
    /// <summary>Empty TwiML: nothing to say back to the sender of an inbound message.</summary>
    public const string EmptyTwiml = "<Response/>";

    /// <summary>
    /// A final status (delivered, undelivered, failed; a call's completed, busy, no-answer...) moves the touch named by
    /// <c>?touch=</c> from Sent to Delivered or Failed; 21610 also suppresses the number on sms. Everything else is
    /// acknowledged and left: an unknown touch with 200, or Twilio would retry it for nothing.
    /// </summary>
    public async Task<IResult> StatusAsync(HttpRequest request, CancellationToken ct)
    {
        if (await ReadAsync(request, ct) is not { } form) return Forbidden(request);
        if (TwilioStatusReport.From(form) is not { } report)
        {
            logger.LogWarning("Twilio status callback without a message or call status; ignored");
            return TypedResults.Ok();
        }
        if (report.IsOptOut && report.To is { } to)
        {
            await suppressions.AddAsync(Suppression.OfAddress(Channel.Sms, to, SuppressionReason.OptOut), ct);
            logger.LogInformation("Twilio reported {To} opted out (21610): suppressed on sms", TwilioNumbers.Mask(to));
        }
        if (report.Outcome is not var (status, reason)) return TypedResults.Ok();
        var touchId = request.Query["touch"].ToString();
        return await deliveries.RecordAsync(report.Channel, touchId, report.Sid, status, reason, ct);
    }

    /// <summary>An inbound SMS that is an opt-out keyword (STOP, TD, 退订...) suppresses its sender on sms at once.</summary>
    public async Task<IResult> InboundAsync(HttpRequest request, CancellationToken ct)
    {
        if (await ReadAsync(request, ct) is not { } form) return Forbidden(request);
        if (OptOutKeywords.IsOptOut(form["Body"]) && form["From"] is { } from)
        {
            await suppressions.AddAsync(Suppression.OfAddress(Channel.Sms, from, SuppressionReason.OptOut), ct);
            logger.LogInformation("Inbound opt-out from {From}: suppressed on sms", TwilioNumbers.Mask(from));
        }
        return TypedResults.Text(EmptyTwiml, "text/xml");
    }

    private Task<TwilioForm?> ReadAsync(HttpRequest request, CancellationToken ct) =>
        TwilioForm.ReadSignedAsync(request, signedUrl.Of(request), twilio.Value.AuthToken, ct);

    private IResult Forbidden(HttpRequest request)
    {
        if (string.IsNullOrEmpty(twilio.Value.AuthToken))
            logger.LogWarning("Twilio webhook {Path} refused: {Key} is not set, so no signature can be checked",
                request.Path.Value, $"{TwilioOptions.SectionName}:{nameof(TwilioOptions.AuthToken)}");
        else
            logger.LogWarning("Twilio webhook {Path} refused: missing or wrong {Header}", request.Path.Value, TwilioForm.SignatureHeader);
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: $"The request is not signed by the Twilio account ({TwilioForm.SignatureHeader}).");
    }
}
