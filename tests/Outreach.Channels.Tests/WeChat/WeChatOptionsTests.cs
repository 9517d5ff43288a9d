using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Channels.Extensions;
using Outreach.Channels.Tests.Support;
using Outreach.Channels.WeChat;

namespace Outreach.Channels.Tests.WeChat;

public sealed class WeChatOptionsTests
{
    [Fact]
    public void Every_mistake_names_its_key()
    {
        var options = new WeChatOptions
        {
            AppId = null,
            AppSecret = "",
            BaseUrl = "not a url",
            BodyField = "thing1",
            Fields = { ["thing1"] = "fixed" },
            Url = "ftp://example.com",
            Timeout = TimeSpan.Zero,
            RefreshBefore = TimeSpan.FromHours(2),
        };

        var errors = options.Validate();

        foreach (var key in new[] { "AppId", "AppSecret", "BaseUrl", "Fields:thing1", "Url", "Timeout", "RefreshBefore" })
            Assert.Contains(errors, e => e.Contains($"Channels:WeChat:{key}", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Channels__WeChat__AppSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void Subscription_templates_and_the_mini_program_name_their_mistakes_by_key()
    {
        var options = new WeChatOptions
        {
            AppId = "wx0123456789abcdef",
            AppSecret = "secret",
            MiniProgram = new WeChatMiniProgram { AppId = "wxminiprogram0001" },
            SubscribeTemplates =
            {
                ["sub-a"] = new WeChatSubscribeTemplate { BodyField = "" },
                ["sub-b"] = new WeChatSubscribeTemplate { BodyField = "thing1", Fields = { ["thing1"] = "fixed" } },
            },
        };

        var errors = options.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Channels:WeChat:MiniProgram needs both AppId and PagePath (it has no PagePath)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Channels:WeChat:SubscribeTemplates:sub-a:BodyField is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Channels:WeChat:SubscribeTemplates:sub-b:Fields:thing1 clashes", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_section_binds_and_a_subscription_template_written_as_the_config_shows_binds_with_its_keywords()
    {
        const string account = """
            { "Channels": { "WeChat": { "AppId": "wx0123456789abcdef", "AppSecret": "secret",
              "SubscribeTemplates": { "AbC123": { "BodyField": "thing1", "Fields": { "phrase2": "会员续费" } } } } } }
            """;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepoFiles.Path("config/channels.json"))
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(account)))
            .Build();
        using var services = new ServiceCollection().AddOutreachChannels(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<WeChatOptions>>().Value; // validated here

        Assert.Null(options.MiniProgram);
        Assert.True(options.IsSubscribeTemplate("AbC123", out var notice));
        Assert.Equal("thing1", notice.BodyField);
        Assert.Equal("会员续费", notice.Fields["phrase2"]);
        Assert.False(options.IsSubscribeTemplate("keyword1", out _));
    }

    [Fact]
    public void A_complete_section_is_valid()
    {
        Assert.Empty(new WeChatOptions { AppId = "wx0123456789abcdef", AppSecret = "secret" }.Validate());
    }
}
