using StackExchange.Redis;

namespace Outreach.Channels.Tests.WeChat;

/// <summary>The shared test Redis (OUTREACH_TEST_REDIS, default 127.0.0.1:6390). Tests fail, never skip, when it is not there.</summary>
public static class TestRedis
{
    public static string Endpoint => Environment.GetEnvironmentVariable("OUTREACH_TEST_REDIS") is { Length: > 0 } endpoint ? endpoint : "127.0.0.1:6390";

    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() =>
    {
        var options = ConfigurationOptions.Parse(Endpoint);
        options.AbortOnConnectFail = false;
        var redis = ConnectionMultiplexer.Connect(options);
        if (!redis.IsConnected)
            throw new InvalidOperationException($"The test Redis at {Endpoint} is not reachable: start it (tests/services.sh start) or set OUTREACH_TEST_REDIS.");
        return redis;
    });

    public static ConnectionMultiplexer Connection => Shared.Value;

    public static void DeleteKeys(string prefix)
    {
        var server = Connection.GetServer(Connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + ":*", pageSize: 1000).ToArray();
        if (keys.Length > 0) Connection.GetDatabase().KeyDelete(keys);
    }

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix(string test) => $"test:{test}:{Guid.NewGuid():N}";
}
