using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Outreach.Channels.Extensions;
using Outreach.Channels.RateLimits;
using Outreach.Channels.Tests.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.RateLimits;

public sealed class ChannelRateLimitOptionsTests
{
    [Theory]
    [InlineData("sms", "0", null, "Channels:RateLimits:sms:PerSecond must be greater than 0")]
    [InlineData("call", "-2", null, "Channels:RateLimits:call:PerSecond must be greater than 0")]
    [InlineData("email", null, "10", "Channels:RateLimits:email:PerSecond must be greater than 0")]
    [InlineData("wechat", "0.0001", null, "Channels:RateLimits:wechat:PerSecond must be at least 0.001")]
    [InlineData("wechat", "5000000", null, "Channels:RateLimits:wechat:PerSecond must be at most 1000000")]
    [InlineData("email", "50", "0", "Channels:RateLimits:email:Burst must be at least 1")]
    [InlineData("fax", "5", null, "Channels:RateLimits:fax is not a channel")]
    public void Each_mistake_names_its_key(string channel, string? perSecond, string? burst, string error)
    {
        var errors = Errors(new()
        {
            [$"Channels:RateLimits:{channel}:PerSecond"] = perSecond,
            [$"Channels:RateLimits:{channel}:Burst"] = burst,
        });

        Assert.Contains(errors, message => message.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_names_for_one_channel_are_a_mistake()
    {
        var errors = Errors(new() { ["Channels:RateLimits:call:PerSecond"] = "2", ["Channels:RateLimits:voice:PerSecond"] = "3" });

        Assert.Contains(errors, message => message.Contains("Channels:RateLimits:voice limits the same channel as Channels:RateLimits:call"));
    }

    [Fact]
    public void Limits_are_found_by_channel_name_in_any_case_and_burst_defaults_to_one_second()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?>
        {
            ["Channels:RateLimits:SMS:PerSecond"] = "20",
            ["Channels:RateLimits:voice:PerSecond"] = "0.5",
        });
        var options = services.GetRequiredService<IOptions<ChannelRateLimitOptions>>().Value;

        Assert.Equal(20, options.For(Channel.Sms)!.EffectiveBurst);
        Assert.Equal(1, options.For(Channel.Call)!.EffectiveBurst);
        Assert.Null(options.For(Channel.Email));
    }

    [Theory]
    [InlineData(20, 20, 20, 100)]
    [InlineData(2, null, 2, 500)]
    [InlineData(0.5, null, 1, 2000)]
    [InlineData(200, 1, 1, 5)]
    [InlineData(1000, 1000, 1000, 100)]
    public void The_bucket_holds_the_burst_and_refills_at_the_rate(double perSecond, int? burst, int tokens, int refillMilliseconds)
    {
        using var limiter = new ChannelRateLimit { PerSecond = perSecond, Burst = burst }.CreateLimiter();

        Assert.Equal(tokens, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal(TimeSpan.FromMilliseconds(refillMilliseconds), limiter.ReplenishmentPeriod);
        Assert.True(limiter.IsAutoReplenishing);
    }

    [Fact]
    public void Without_a_host_a_bad_limit_fails_when_the_senders_are_first_needed()
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, new Dictionary<string, string?> { ["Channels:RateLimits:sms:PerSecond"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ChannelSenders>());
        Assert.Contains("Channels:RateLimits:sms:PerSecond must be greater than 0", error.Message);
    }

    [Fact]
    public async Task Under_a_host_a_bad_limit_fails_at_start()
    {
        using var folder = new TempFolder();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:Outbox:Path"] = folder.PathOf("outbox.jsonl"),
            ["Channels:RateLimits:call:PerSecond"] = "2",
            ["Channels:RateLimits:call:Burst"] = "0",
        });
        builder.Services.AddOutreachChannels(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Channels:RateLimits:call:Burst must be at least 1", error.Message);
    }

    /// <summary>What validation says about <paramref name="settings"/>, read the way the engine reads them.</summary>
    private static IReadOnlyList<string> Errors(Dictionary<string, string?> settings)
    {
        using var folder = new TempFolder();
        using var services = Services.Channels(folder, settings);
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ChannelRateLimitOptions>>().Value);
        return error.Failures.ToList();
    }
}
