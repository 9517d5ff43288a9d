using System.Globalization;
using Outreach.Core;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Webhooks;

/// <summary>
/// What a Twilio status callback says about a message (<c>MessageSid</c>, <c>MessageStatus</c>, <c>ErrorCode</c>) or a
/// call (<c>CallSid</c>, <c>CallStatus</c>), and what that means for the touch: only final statuses count.
/// </summary>
public sealed record TwilioStatusReport(Channel Channel, string Sid, string Status, int? ErrorCode, string? To, string? AnsweredBy)
{
    /// <summary>The number has replied STOP: Twilio refuses every message to it until it replies START.</summary>
    public const int OptedOut = 21610;

    /// <summary>The report in the form, or null when the form is neither a message nor a call status callback.</summary>
    public static TwilioStatusReport? From(TwilioForm form)
    {
        int? code = int.TryParse(form["ErrorCode"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        if (form["MessageSid"] is { } messageSid && (form["MessageStatus"] ?? form["SmsStatus"]) is { } messageStatus)
            return new(Channel.Sms, messageSid, messageStatus.ToLowerInvariant(), code, form["To"], null);
        if (form["CallSid"] is { } callSid && form["CallStatus"] is { } callStatus)
            return new(Channel.Call, callSid, callStatus.ToLowerInvariant(), code, form["To"], form["AnsweredBy"]);
        return null;
    }

    /// <summary>The touch's final status and reason, or null for a status on the way there (queued, sent, ringing, in-progress...).</summary>
    public (TouchStatus Status, string Reason)? Outcome => (Channel, Status) switch
    {
        (Channel.Sms, "delivered" or "read") => (TouchStatus.Delivered, Status),
        (Channel.Sms, "undelivered" or "failed" or "canceled") => (TouchStatus.Failed, Status + CodeText),
        (Channel.Call, "completed") => (TouchStatus.Delivered, AnsweredBy is { } by ? $"call completed, answered by {by}" : "call completed"),
        (Channel.Call, "busy" or "no-answer" or "failed" or "canceled") => (TouchStatus.Failed, "call " + Status + CodeText),
        _ => null,
    };

    /// <summary>Whether the report says the number opted out (21610), which suppresses it on sms at once.</summary>
    public bool IsOptOut => Channel == Channel.Sms && ErrorCode == OptedOut;

    private string CodeText => ErrorCode is { } code ? $" ({code.ToString(CultureInfo.InvariantCulture)})" : "";
}
