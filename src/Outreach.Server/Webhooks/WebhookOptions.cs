using Microsoft.Extensions.Options;
using Outreach.Channels.Email;
using Outreach.Channels.Twilio;

namespace Outreach.Server.Webhooks;

/// <summary>How providers and mail clients reach this server's webhooks (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// The public address of this server as providers see it (e.g. <c>https://outreach.example.com</c>, with a path prefix
    /// when a proxy adds one): Twilio signs the full URL it calls, so the server checks signatures against this address
    /// plus the request's path and query. Unset, the request's own scheme and host are used, right only without a proxy.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The public URL of <paramref name="path"/> (e.g. <see cref="WebhookRoutes.TwilioStatus"/>), or null when <see cref="PublicBaseUrl"/> is unset.</summary>
    public string? PublicUrlOf(string path) => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.TrimEnd('/') + path;
}

/// <summary>
/// Names every mistake in <c>Webhooks</c> at start, and where the channels' own settings point elsewhere than this
/// server's routes: a status callback URL or unsubscribe link that disagrees would make every callback fail.
/// </summary>
internal sealed class WebhookOptionsValidator(IOptions<TwilioOptions> twilio, IOptions<EmailOptions> email) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        var key = $"{WebhookOptions.SectionName}:{nameof(WebhookOptions.PublicBaseUrl)}";
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl)) return ValidateOptionsResult.Success;
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Query.Length > 0)
            errors.Add($"{key} must be an absolute http(s) URL without a query (it is '{options.PublicBaseUrl}').");
        else
        {
            Agree(errors, $"{TwilioOptions.SectionName}:{nameof(TwilioOptions.StatusCallbackUrl)}", twilio.Value.StatusCallbackUrl,
                options.PublicUrlOf(WebhookRoutes.TwilioStatus)!, key);
            Agree(errors, $"{EmailOptions.SectionName}:{nameof(EmailOptions.UnsubscribeBaseUrl)}", email.Value.UnsubscribeBaseUrl,
                options.PublicUrlOf(WebhookRoutes.Unsubscribe)!, key);
        }
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    private static void Agree(List<string> errors, string setting, string? value, string expected, string baseKey)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        var withoutQuery = value.Split('?')[0];
        if (!string.Equals(withoutQuery, expected, StringComparison.Ordinal))
            errors.Add($"{setting} is '{withoutQuery}', but this server's route is '{expected}' (from {baseKey}); make the two agree.");
    }
}
