using System.Net;
using System.Net.Sockets;

namespace Outreach.Channels.Tests.WeChat;

public sealed class WeChatTokenSharingTests
{
    [Fact]
    public async Task Concurrent_senders_of_one_node_without_redis_also_refresh_an_expired_token_once()
    {
        using var fake = new FakeWeChat { SendDelay = TimeSpan.FromMilliseconds(5) };
        using var node = new WeChatNode(fake.BaseUrl);
        fake.ExpireCurrentTokenAfter(10);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => node.SendAsync($"T{i}"))));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Sent>(r));
        Assert.Equal([false, true], fake.TokenRequests.Select(r => r.ForceRefresh));
        Assert.Equal(40, fake.Delivered.Count);
        Assert.Equal(0, fake.Duplicates);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_node_waits_for_another_nodes_renewal_and_gives_the_touch_back_when_it_does_not_finish()
    {
        var prefix = TestRedis.UniquePrefix("wechat-stuck");
        try
        {
            using var fake = new FakeWeChat();
            using var node = new WeChatNode(fake.BaseUrl, redisPrefix: prefix,
                settings: new Dictionary<string, string?> { ["Channels:WeChat:TokenWait"] = "00:00:00.300" });
            // Another node holds the renewal lock and never writes a token.
            await TestRedis.Connection.GetDatabase().StringSetAsync(TestRedis.LockKey(prefix), "other-node", TimeSpan.FromMinutes(1));

            var failure = Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));

            Assert.Contains("another node", failure.Reason);
            Assert.Empty(fake.TokenRequests);
            Assert.Empty(fake.Sends);
        }
        finally { await TestRedis.DeleteTokenKeysAsync(prefix); }
    }

    [Fact]
    public async Task A_node_that_waited_uses_the_token_the_other_node_wrote()
    {
        var prefix = TestRedis.UniquePrefix("wechat-wait");
        try
        {
            using var fake = new FakeWeChat();
            using var writer = new WeChatNode(fake.BaseUrl, redisPrefix: prefix);
            using var waiter = new WeChatNode(fake.BaseUrl, redisPrefix: prefix);
            var lockKey = TestRedis.LockKey(prefix);
            var db = TestRedis.Connection.GetDatabase();
            await db.StringSetAsync(lockKey, "other-node", TimeSpan.FromMinutes(1));

            var waiting = waiter.SendAsync("T1");
            await Task.Delay(200);
            Assert.False(waiting.IsCompleted);
            await db.KeyDeleteAsync(lockKey);
            await writer.SendAsync("T0");

            Assert.IsType<DeliveryResult.Sent>(await waiting);
            Assert.Single(fake.TokenRequests);
        }
        finally { await TestRedis.DeleteTokenKeysAsync(prefix); }
    }

    [Fact]
    public async Task Redis_down_is_a_transient_failure_not_an_exception()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl, settings: new Dictionary<string, string?>
        {
            ["Limits:Redis"] = $"127.0.0.1:{closedPort},connectTimeout=200",
        });

        var failure = Assert.IsType<DeliveryResult.TransientFailure>(await node.SendAsync("T1"));

        Assert.Contains("token store unavailable", failure.Reason);
        Assert.Empty(fake.Sends);
    }

    [Fact]
    public async Task A_token_fetch_that_failed_on_the_server_is_retried_in_place()
    {
        using var fake = new FakeWeChat();
        using var node = new WeChatNode(fake.BaseUrl);
        fake.EnqueueTokenFailure(502);

        Assert.IsType<DeliveryResult.Sent>(await node.SendAsync("T1"));

        Assert.Equal(1, fake.FailedTokenRequests);
        Assert.Single(fake.TokenRequests);
        Assert.Single(fake.Sends);
    }
}
