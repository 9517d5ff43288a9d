using Microsoft.Extensions.Options;
using Outreach.Channels.Twilio;

namespace Outreach.Server.Webhooks;

/// <summary>The URL a provider called, as it signed it: the configured public address, then the request's path and raw query.</summary>
public sealed class SignedUrl(IOptions<WebhookOptions> webhooks, IOptions<TwilioOptions> twilio)
{
    public string Of(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var query = request.QueryString.Value ?? "";
        // The status callback URL is exactly what the senders gave Twilio (plus ?touch=), so it is the surest base.
        if (path == WebhookRoutes.TwilioStatus && twilio.Value.StatusCallbackUrl is { Length: > 0 } callback)
            return callback.Split('?')[0] + query;
        return webhooks.Value.PublicUrlOf(path) is { } url
            ? url + query
            : $"{request.Scheme}://{request.Host}{request.PathBase}{path}{query}";
    }
}
