using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Channels.Costs;
using Outreach.Channels.Tests.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.Costs;

public sealed class ChannelCostOptionsTests
{
    [Fact]
    public void Costs_are_read_from_the_Costs_section()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?>
        {
            ["Channels:Costs:Currency"] = "USD",
            ["Channels:Costs:PerMessage:sms"] = "0.0079",
            ["Channels:Costs:PerMessage:WeChat"] = "0.002",
        });

        var costs = services.GetRequiredService<IOptions<ChannelCostOptions>>().Value;

        Assert.Equal("USD", costs.Currency);
        Assert.Equal(0.0079m, costs.For(Channel.Sms));
        Assert.Equal(0.002m, costs.For(Channel.WeChat));
    }

    [Fact]
    public void Without_a_Costs_section_the_defaults_apply()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder);

        var costs = services.GetRequiredService<IOptions<ChannelCostOptions>>().Value;

        Assert.Equal("CNY", costs.Currency);
        Assert.Equal([0.05m, 0.15m, 0.001m, 0m], Enum.GetValues<Channel>().Select(costs.For));
    }
}
