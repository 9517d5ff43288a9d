using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Outreach.Channels.Twilio;

internal static class TwilioRegistration
{
    /// <summary>Whether <c>Channels:Twilio:AccountSid</c> is set, which moves sms and call from the outbox to Twilio.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[TwilioOptions.SectionName + ":AccountSid"]);

    /// <summary>The options (validated at start), and <see cref="TwilioClient"/> as a typed client with the retry rule.</summary>
    public static void AddTwilioClient(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioOptionsValidator>();
        services.AddHttpClient<TwilioClient>()
            // The senders are singletons holding their client: connections are recycled by the handler instead, so DNS
            // changes are still seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's request logs would print lookup URLs with the customer's number (?To=+86…); the client and
            // senders log themselves, with numbers masked.
            .RemoveAllLoggers()
            .AddResilienceHandler("twilio", (builder, context) =>
                TwilioResilience.Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<TwilioOptions>>().Value));
    }
}
