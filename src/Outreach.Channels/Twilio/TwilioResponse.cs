using System.Globalization;

namespace Outreach.Channels.Twilio;

/// <summary>What became of one request to Twilio's REST API, as a value.</summary>
public abstract record TwilioResponse
{
    /// <summary>HTTP 201: the resource exists under <paramref name="Sid"/>.</summary>
    public sealed record Created(string Sid) : TwilioResponse;

    /// <summary>
    /// Twilio answered with an error it returns before doing anything (4xx): the resource was not created.
    /// <paramref name="Code"/> is Twilio's error code (21211, 21610, 20429, ...) when the body had one.
    /// </summary>
    public sealed record Rejected(int Status, int? Code, string Message, TimeSpan? RetryAfter) : TwilioResponse;

    /// <summary>The request never left (the connection could not be opened), even after the retries: safe to send again.</summary>
    public sealed record NotSent(string Reason) : TwilioResponse;

    /// <summary>
    /// The request may have been processed: a 5xx, no answer within the timeout, or a connection lost after the request
    /// left. A create in this state must not be sent again blindly.
    /// </summary>
    public sealed record Unknown(string Reason) : TwilioResponse;

    /// <summary>The provider's answer for a create, except <see cref="Unknown"/>, which the sender resolves first.</summary>
    public DeliveryResult ToDelivery() => this switch
    {
        Created created => new DeliveryResult.Sent(created.Sid),
        Rejected { Status: 429 } or Rejected { Code: 20429 } => new DeliveryResult.TransientFailure(
            $"Twilio is throttling (HTTP {((Rejected)this).Status}{CodeText(((Rejected)this).Code)})", ((Rejected)this).RetryAfter),
        Rejected { Code: 21610 } => new DeliveryResult.PermanentFailure("opted out (21610)", Suppress: true, OptedOut: true),
        Rejected { Code: 21211 } r => new DeliveryResult.PermanentFailure($"invalid phone number (21211): {r.Message}", Suppress: true),
        Rejected { Code: 21614 } r => new DeliveryResult.PermanentFailure($"not a mobile number (21614): {r.Message}", Suppress: true),
        // Credentials refused: a configuration fault of every touch, not of this customer; wait for the operator.
        Rejected { Status: 401 or 403 } r => new DeliveryResult.TransientFailure($"Twilio refused the credentials (HTTP {r.Status}{CodeText(r.Code)})"),
        Rejected r => new DeliveryResult.PermanentFailure($"Twilio rejected the request (HTTP {r.Status}{CodeText(r.Code)}): {r.Message}"),
        NotSent n => new DeliveryResult.TransientFailure($"Twilio not reached: {n.Reason}"),
        Unknown u => new DeliveryResult.PermanentFailure($"outcome unknown ({u.Reason}); not resent, to avoid a duplicate"),
        _ => throw new InvalidOperationException($"Unknown Twilio response {this}."),
    };

    private static string CodeText(int? code) => code is { } c ? ", code " + c.ToString(CultureInfo.InvariantCulture) : "";
}
