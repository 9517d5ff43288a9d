using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Channels.Costs;
using Outreach.Channels.Extensions;
using Outreach.Channels.Outbox;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Tests.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.Extensions;

public sealed class ChannelsServiceCollectionExtensionsTests
{
    [Fact]
    public void Senders_of_limited_channels_wait_for_their_limit_and_the_others_send_as_they_are()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?>
        {
            ["Channels:RateLimits:sms:PerSecond"] = "20",
            ["Channels:RateLimits:call:PerSecond"] = "2",
        });
        var senders = services.GetRequiredService<ChannelSenders>();

        Assert.Equal(Enum.GetValues<Channel>(), senders.Configured.Order());
        foreach (var channel in new[] { Channel.Sms, Channel.Call })
        {
            Assert.True(senders.TryGet(channel, out var limited));
            Assert.IsType<OutboxSender>(Assert.IsType<RateLimitedSender>(limited).Inner);
        }
        foreach (var channel in new[] { Channel.Email, Channel.WeChat })
        {
            Assert.True(senders.TryGet(channel, out var unlimited));
            Assert.IsType<OutboxSender>(unlimited);
        }
    }

    [Fact]
    public async Task Every_sender_can_tell_whether_a_touch_already_left()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?> { ["Channels:RateLimits:sms:PerSecond"] = "20" });
        var senders = services.GetRequiredService<ChannelSenders>();
        Assert.True(senders.TryGet(Channel.Sms, out var sms));
        await sms.SendAsync(Messages.For("T1"), CancellationToken.None);

        foreach (var channel in senders.Configured)
        {
            Assert.True(senders.TryGet(channel, out var sender));
            var lookup = Assert.IsAssignableFrom<ISentLookup>(sender);
            Assert.Equal(new DeliveryResult.Sent("outbox-T1"), await lookup.FindSentAsync(Messages.For("T1"), CancellationToken.None));
        }
    }

    [Fact]
    public void The_shipped_config_binds_and_validates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFiles.Path("config/channels.json")).Build();
        using var services = new ServiceCollection().AddOutreachChannels(configuration).BuildServiceProvider();

        var limits = services.GetRequiredService<IOptions<ChannelRateLimitOptions>>().Value;
        Assert.Equal(
            [(200d, 200), (20d, 20), (1000d, 1000), (1000d, 1000)],
            Enum.GetValues<Channel>().Select(channel => limits.For(channel)!).Select(limit => (limit.PerSecond, limit.EffectiveBurst)));

        var costs = services.GetRequiredService<IOptions<ChannelCostOptions>>().Value;
        Assert.Equal("CNY", costs.Currency);
        Assert.Equal([0.05m, 0.15m, 0.001m, 0m], Enum.GetValues<Channel>().Select(costs.For));

        Assert.Equal("data/outbox.jsonl", services.GetRequiredService<IOptions<OutboxOptions>>().Value.Path);
    }
}
