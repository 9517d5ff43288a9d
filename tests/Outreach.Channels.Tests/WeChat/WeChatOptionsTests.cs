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
    public void A_complete_section_is_valid()
    {
        Assert.Empty(new WeChatOptions { AppId = "wx0123456789abcdef", AppSecret = "secret" }.Validate());
    }
}
