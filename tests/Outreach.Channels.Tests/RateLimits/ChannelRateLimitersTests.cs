using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Tests.Support;
using Outreach.Channels.Tests.WeChat;
using Outreach.Core;

namespace Outreach.Channels.Tests.RateLimits;

/// <summary>Which limiter the channels' registration gives each sender: shared through Redis when <c>Limits:Redis</c> is set.</summary>
public sealed class ChannelRateLimitersTests
{
    [Fact]
    public async Task With_limits_redis_a_limited_channel_waits_on_the_bucket_every_node_shares()
    {
        var prefix = TestRedis.UniquePrefix("sendrate-registration");
        var key = RedisRateLimiter.KeyFor(prefix, Channel.Sms);
        try
        {
            using var folder = new TempFolder();
            await using var services = Services.Channels(folder, new Dictionary<string, string?>
            {
                ["Channels:RateLimits:sms:PerSecond"] = "20",
                ["Limits:Redis"] = TestRedis.Endpoint,
                ["Limits:KeyPrefix"] = prefix,
            });
            var senders = services.GetRequiredService<ChannelSenders>();

            Assert.True(senders.TryGet(Channel.Sms, out var sms));
            var limiter = Assert.IsType<RedisRateLimiter>(Assert.IsType<RateLimitedSender>(sms).Limiter);
            Assert.Equal(key, limiter.Key);
            Assert.IsType<DeliveryResult.Sent>(await sms.SendAsync(Messages.For("T1"), CancellationToken.None));
            Assert.True(await TestRedis.Connection.GetDatabase().KeyExistsAsync(key));

            // A channel left out of Channels:RateLimits stays unlimited, Redis or not.
            Assert.True(senders.TryGet(Channel.Email, out var email));
            Assert.IsNotType<RateLimitedSender>(email);
        }
        finally { await TestRedis.Connection.GetDatabase().KeyDeleteAsync(key); }
    }

    [Fact]
    public void Without_limits_redis_each_sender_has_its_own_bucket_in_process()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?> { ["Channels:RateLimits:sms:PerSecond"] = "20" });

        Assert.True(services.GetRequiredService<ChannelSenders>().TryGet(Channel.Sms, out var sms));
        Assert.IsType<TokenBucketRateLimiter>(Assert.IsType<RateLimitedSender>(sms).Limiter);
    }
}
