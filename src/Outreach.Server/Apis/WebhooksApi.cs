using Outreach.Server.Webhooks;

namespace Outreach.Server.Apis;

public static class WebhooksApi
{
    /// <summary>
    /// Provider callbacks and the one-click unsubscribe link. They are authenticated by the provider's signature or the
    /// signed link, never by API key, and are left out of the OpenAPI document: only providers and mail clients call them.
    /// </summary>
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("").WithTags("Webhooks").ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();
        webhooks.MapPost(WebhookRoutes.TwilioStatus, (HttpRequest request, TwilioWebhooks twilio, CancellationToken ct) => twilio.StatusAsync(request, ct));
        webhooks.MapPost(WebhookRoutes.TwilioInbound, (HttpRequest request, TwilioWebhooks twilio, CancellationToken ct) => twilio.InboundAsync(request, ct));
        webhooks.MapGet(WebhookRoutes.WeChat, (HttpRequest request, WeChatWebhooks wechat) => wechat.Verify(request));
        webhooks.MapPost(WebhookRoutes.WeChat, (HttpRequest request, WeChatWebhooks wechat, CancellationToken ct) => wechat.EventAsync(request, ct));
        webhooks.MapGet(WebhookRoutes.Unsubscribe, (HttpRequest request, EmailUnsubscribes unsubscribes) => unsubscribes.Page(request));
        webhooks.MapPost(WebhookRoutes.Unsubscribe, (HttpRequest request, EmailUnsubscribes unsubscribes, CancellationToken ct) => unsubscribes.OneClickAsync(request, ct));
        return app;
    }
}
