using Microsoft.Extensions.Options;
using Outreach.Channels.Email;

namespace Outreach.Server.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>
    /// The provider callbacks and the unsubscribe link: the <c>Webhooks</c> options (checked at start against the
    /// channels' callback and unsubscribe URLs) and one handler per provider.
    /// </summary>
    public static IServiceCollection AddOutreachWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddSingleton<SignedUrl>();
        services.AddSingleton<DeliveryReports>();
        services.AddSingleton<TwilioWebhooks>();
        services.AddSingleton<WeChatWebhooks>();
        // The link signer exists only when email is configured; without it the endpoint says so instead of failing to start.
        services.AddSingleton(sp => new EmailUnsubscribes(sp.GetService<UnsubscribeLinks>(), sp.GetRequiredService<Limits.Suppression.ISuppressionList>(),
            sp.GetRequiredService<ILogger<EmailUnsubscribes>>()));
        return services;
    }
}
