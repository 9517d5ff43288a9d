using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Outreach.Channels;

/// <summary>
/// The Redis the cluster shares (the limiter's, <c>Limits:Redis</c>): with it every node shares the WeChat access token
/// and each channel's send rate. One connection for the process, registered once whoever asks first.
/// </summary>
internal static class SharedRedis
{
    private const string Key = "Limits:Redis";

    /// <summary>Registers the shared connection when <c>Limits:Redis</c> is set; false when it is not.</summary>
    public static bool TryAdd(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[Key] is not { Length: > 0 } endpoint) return false;
        services.TryAddSingleton<IConnectionMultiplexer>(_ => Connect(endpoint));
        return true;
    }

    /// <summary>As the limiter connects: never throws at start-up when Redis is down, fails fast instead of queueing.</summary>
    private static ConnectionMultiplexer Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return ConnectionMultiplexer.Connect(options);
    }
}
