using StackExchange.Redis;

namespace Outreach.Limits.Redis;

/// <summary>Connects the way the limiter needs: never throws at start-up when Redis is down, and fails fast instead of queueing while disconnected.</summary>
public static class RedisConnector
{
    public static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        return options;
    }

    public static ConnectionMultiplexer Connect(string configuration) => ConnectionMultiplexer.Connect(Options(configuration));
}
