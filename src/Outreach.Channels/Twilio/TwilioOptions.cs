using Microsoft.Extensions.Options;

namespace Outreach.Channels.Twilio;

/// <summary>
/// The Twilio account the sms and call channels send through (section <c>Channels:Twilio</c>). The channels use Twilio
/// only when <see cref="AccountSid"/> is set; otherwise they stay on the outbox. Secrets come from the environment
/// (<c>Channels__Twilio__AuthToken</c>), never from campaign files, and are never logged.
/// </summary>
public sealed class TwilioOptions
{
    public const string SectionName = "Channels:Twilio";

    /// <summary>The account (<c>AC</c> + 32 hex digits); also the Basic-auth user name.</summary>
    public string? AccountSid { get; set; }

    /// <summary>The account's auth token: the Basic-auth password and the key of <c>X-Twilio-Signature</c>.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The SMS sender number (E.164) or alphanumeric id; or leave it out and set <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    /// <summary>The Messaging Service (<c>MG…</c>) that picks the sender; used instead of <see cref="From"/> when set.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>The number calls come from (E.164); unset, <see cref="From"/>.</summary>
    public string? CallFrom { get; set; }

    /// <summary>Where the REST API is; tests point it at a fake on loopback.</summary>
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>
    /// The full public URL of Outreach's Twilio status webhook (e.g. <c>https://outreach.example.com/webhooks/twilio/status</c>);
    /// each message and call gets it with <c>?touch=&lt;touch id&gt;</c> appended. Unset, no status callbacks are asked for.
    /// </summary>
    public string? StatusCallbackUrl { get; set; }

    /// <summary>
    /// Answering-machine detection for calls: <c>Enable</c> (Twilio tells a person from a machine and reports it as
    /// <c>AnsweredBy</c> in the status callback) or <c>DetectMessageEnd</c> (also waits for the greeting to end before
    /// speaking, so a voicemail gets the whole message). Unset, no detection (it costs extra and delays the message).
    /// </summary>
    public string? MachineDetection { get; set; }

    /// <summary>How long one HTTP attempt may take. A create that times out has an unknown outcome and is not resent.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a request Twilio did not process (429/20429, a connection that could not be opened).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base delay of the jittered exponential back-off between retries (a <c>Retry-After</c> wins over it).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> waited for in place; a longer one ends the send at once with a transient failure
    /// carrying it, so the dispatcher retries the touch later instead of holding a worker.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far back a touch claimed again after a crash looks for its earlier send: a message with the same body, or a
    /// call, to the same number created within this window counts as already sent. It should outlast the dispatch lease
    /// and the retries of a touch; longer only risks taking an identical message of another touch for this one.
    /// </summary>
    public TimeSpan SentLookupWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The number calls are placed from.</summary>
    public string? EffectiveCallFrom => string.IsNullOrWhiteSpace(CallFrom) ? From : CallFrom;

    /// <summary>The status callback URL of one touch, or null when none is configured.</summary>
    public string? StatusCallbackFor(string touchId) => string.IsNullOrWhiteSpace(StatusCallbackUrl)
        ? null
        : StatusCallbackUrl + (StatusCallbackUrl.Contains('?') ? "&" : "?") + "touch=" + Uri.EscapeDataString(touchId);

    /// <summary>Every mistake in the section, each naming its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var key = SectionName;
        if (string.IsNullOrWhiteSpace(AccountSid))
            errors.Add($"{key}:AccountSid is required (AC followed by 32 hex digits).");
        else if (!(AccountSid.Length == 34 && AccountSid.StartsWith("AC", StringComparison.Ordinal) && AccountSid[2..].All(char.IsAsciiHexDigit)))
            errors.Add($"{key}:AccountSid must be AC followed by 32 hex digits.");
        if (string.IsNullOrWhiteSpace(AuthToken))
            errors.Add($"{key}:AuthToken is required; set it in the environment (Channels__Twilio__AuthToken), not in a file.");
        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(MessagingServiceSid))
            errors.Add($"{key}:From or {key}:MessagingServiceSid is required for sms.");
        if (string.IsNullOrWhiteSpace(EffectiveCallFrom))
            errors.Add($"{key}:CallFrom (or {key}:From) is required for calls.");
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
            errors.Add($"{key}:BaseUrl must be an absolute http(s) URL (it is '{BaseUrl}').");
        if (!string.IsNullOrWhiteSpace(StatusCallbackUrl)
            && (!Uri.TryCreate(StatusCallbackUrl, UriKind.Absolute, out var callback) || callback.Scheme is not ("https" or "http")))
            errors.Add($"{key}:StatusCallbackUrl must be an absolute http(s) URL (it is '{StatusCallbackUrl}').");
        if (!string.IsNullOrWhiteSpace(MachineDetection) && MachineDetection is not ("Enable" or "DetectMessageEnd"))
            errors.Add($"{key}:MachineDetection must be Enable or DetectMessageEnd, or unset (it is '{MachineDetection}').");
        if (Timeout <= TimeSpan.Zero)
            errors.Add($"{key}:Timeout must be greater than 0 (it is {Timeout}).");
        if (MaxRetries is < 0 or > 10)
            errors.Add($"{key}:MaxRetries must be between 0 and 10 (it is {MaxRetries}).");
        if (RetryDelay < TimeSpan.Zero)
            errors.Add($"{key}:RetryDelay must not be negative (it is {RetryDelay}).");
        if (MaxRetryAfter < TimeSpan.Zero)
            errors.Add($"{key}:MaxRetryAfter must not be negative (it is {MaxRetryAfter}).");
        if (SentLookupWindow <= TimeSpan.Zero)
            errors.Add($"{key}:SentLookupWindow must be greater than 0 (it is {SentLookupWindow}).");
        return errors;
    }
}

/// <summary>Names every mistake in <c>Channels:Twilio</c> when the options are first used (at start under a host).</summary>
internal sealed class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
