using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Outreach.Channels.RateLimits;

internal static class RateLimitRegistration
{
    /// <summary>The limiter's key prefix (<c>LimitsOptions.KeyPrefix</c>): the send-rate keys live next to the limiter's own.</summary>
    private const string KeyPrefixKey = "Limits:KeyPrefix";

    private const string DefaultKeyPrefix = "outreach:limits";

    /// <summary><see cref="ChannelRateLimiters"/>: shared through Redis when <c>Limits:Redis</c> is set, in process otherwise.</summary>
    public static void AddChannelRateLimiters(IServiceCollection services, IConfiguration configuration)
    {
        // With the shared Redis every node draws on one bucket per channel.
        if (SharedRedis.TryAdd(services, configuration))
        {
            var keyPrefix = configuration[KeyPrefixKey] is { Length: > 0 } prefix ? prefix : DefaultKeyPrefix;
            services.AddSingleton(sp => ChannelRateLimiters.Shared(
                sp.GetRequiredService<IOptions<ChannelRateLimitOptions>>().Value, sp.GetRequiredService<IConnectionMultiplexer>(), keyPrefix,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<RedisRateLimiter>>() ?? NullLogger<RedisRateLimiter>.Instance));
        }
        else
        {
            services.AddSingleton(sp => ChannelRateLimiters.InProcess(sp.GetRequiredService<IOptions<ChannelRateLimitOptions>>().Value));
        }
    }
}
