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

    /// <summary>The key of the token the nodes under <paramref name="prefix"/> share (RedisWeChatTokenStore's layout).</summary>
    public static string TokenKey(string prefix) => $"{prefix}:wechat:token:{FakeWeChat.AppId}";

    /// <summary>The key of their renewal lock.</summary>
    public static string LockKey(string prefix) => TokenKey(prefix) + ":lock";

    /// <summary>
    /// Deletes the token and lock under <paramref name="prefix"/> by name. Not by SCAN: that walks the whole shared Redis, which
    /// other test projects and benchmarks fill with about a million keys, and under load one page of it outlasted the
    /// client's 5 s timeout and failed tests that had passed.
    /// </summary>
    public static Task DeleteTokenKeysAsync(string prefix) =>
        Connection.GetDatabase().KeyDeleteAsync([TokenKey(prefix), LockKey(prefix)]);

    /// <summary>A key prefix no other test uses.</summary>
    public static string UniquePrefix(string test) => $"test:{test}:{Guid.NewGuid():N}";
}
