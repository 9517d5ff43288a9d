using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Core;
using Outreach.Limits.Extensions;
using Outreach.Limits.InProcess;
using Outreach.Limits.Redis;
using Outreach.Limits.Suppression;
using Outreach.Limits.Tests.Support;
using Outreach.Limits.Timing;

namespace Outreach.Limits.Tests.Extensions;

public sealed class LimitsConfigurationTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Outreach.sln"))) return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("Outreach.sln not found above the test output.");
    }

    [Fact]
    public void The_shipped_config_binds_and_validates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFile("config/limits.json")).Build();
        var options = configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>()!;

        Assert.Empty(options.Validate());
        Assert.Equal(8, options.EffectiveRules.Count);
        Assert.Equal(Channel.Sms, options.EffectiveRules[2].Channel);
        Assert.Equal(SubjectKind.Address, options.EffectiveRules[4].Key);
        Assert.Equal(TimeSpan.FromDays(30), options.EffectiveRules[2].Window);
        Assert.Equal(ListEffect.AllowOnly, options.Lists[0].ParsedEffect);
        Assert.Equal("1 per 30d", options.Lists[2].Caps.Single().ToString());
        Assert.False(options.QuietHours.Channels["email"].Enabled);
    }

    [Fact]
    public void Without_rules_in_config_the_example_defaults_apply()
    {
        var options = new ConfigurationBuilder().Build().GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions();
        Assert.Equal(["1 per 1d", "3 per 7d (last 1 for priority >= 8)", "4 per 30d sms", "1 per 30d call"], options.EffectiveRules.Select(rule => rule.ToString()));
        Assert.Equal(("21:00", "09:00"), (options.QuietHours.Start, options.QuietHours.End));
    }

    [Fact]
    public void Mistakes_in_the_config_are_named()
    {
        var options = new LimitsOptions
        {
            Rules = [new() { Max = 2, Per = "week", ReservedSlots = 3 }],
            Lists = [new() { List = "vip", Effect = "discount" }],
            QuietHours = { Start = "9pm", DefaultTimeZone = "Nowhere/City" },
        };
        var errors = options.Validate();
        Assert.Contains(errors, error => error.Contains("Per 'week'"));
        Assert.Contains(errors, error => error.Contains("ReservedSlots"));
        Assert.Contains(errors, error => error.Contains("'discount'"));
        Assert.Contains(errors, error => error.Contains("21:00"));
        Assert.Contains(errors, error => error.Contains("Nowhere/City"));
    }

    [Fact]
    public async Task Without_Redis_the_in_process_limiter_is_wired_with_state_under_the_data_directory()
    {
        var data = Directory.CreateTempSubdirectory("outreach-limits-di-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Limits:DataDirectory"] = data }).Build();
            using var provider = new ServiceCollection().AddOutreachLimits(configuration).BuildServiceProvider();

            Assert.IsType<InProcessTouchLimiter>(provider.GetRequiredService<ITouchLimiter>());
            Assert.NotNull(provider.GetRequiredService<QuietHours>());
            await provider.GetRequiredService<ISuppressionList>().AddAsync(Suppression.Suppression.OfCustomer(Channel.Sms, "c1", SuppressionReason.OptOut));
            Assert.True(File.Exists(Path.Combine(data, "suppressions.json")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void With_Redis_configured_the_Redis_limiter_is_wired()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Limits:Redis"] = TestRedis.Endpoint,
            ["Limits:KeyPrefix"] = TestRedis.UniquePrefix("di"),
        }).Build();
        using var provider = new ServiceCollection().AddOutreachLimits(configuration).BuildServiceProvider();
        Assert.IsType<RedisTouchLimiter>(provider.GetRequiredService<ITouchLimiter>());
        Assert.IsType<RedisSuppressionList>(provider.GetRequiredService<ISuppressionList>());
    }

    [Fact]
    public void Invalid_limits_config_fails_when_options_are_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Limits:Rules:0:Max"] = "1", ["Limits:Rules:0:Per"] = "soon" }).Build();
        using var provider = new ServiceCollection().AddOutreachLimits(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LimitsOptions>>().Value);
        Assert.Contains("soon", error.Message);
    }
}
