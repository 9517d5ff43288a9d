using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Outreach.Channels.WeChat;

internal static class WeChatRegistration
{
    /// <summary>Whether <c>Channels:WeChat:AppId</c> is set, which moves wechat from the outbox to the Official Account API.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WeChatOptions.SectionName + ":AppId"]);

    /// <summary>
    /// The options (validated at start), <see cref="WeChatClient"/> as a typed client, the token store (Redis when
    /// <c>Limits:Redis</c> is set, in memory otherwise), the shared tokens and the template sender.
    /// </summary>
    public static void AddWeChat(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WeChatOptions>().Bind(configuration.GetSection(WeChatOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();
        services.AddHttpClient<WeChatClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's request logs would print the access token, which travels in the query string.
            .RemoveAllLoggers()
            .AddResilienceHandler("wechat", (builder, context) =>
                WeChatResilience.Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<WeChatOptions>>().Value));

        if (SharedRedis.TryAdd(services, configuration))
        {
            services.TryAddSingleton<IWeChatTokenStore>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WeChatOptions>>().Value;
                return new RedisWeChatTokenStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.RedisKeyPrefix, options.AppId!,
                    sp.GetRequiredService<TimeProvider>());
            });
        }
        else
        {
            services.TryAddSingleton<IWeChatTokenStore, InProcessWeChatTokenStore>();
        }
        services.AddSingleton(sp => new WeChatAccessTokens(sp.GetRequiredService<WeChatClient>(), sp.GetRequiredService<IWeChatTokenStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WeChatAccessTokens>>()));
    }
}
