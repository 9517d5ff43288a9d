using Outreach.Channels.Email;
using Outreach.Core;

namespace Outreach.Channels.Tests.Email;

public sealed class UnsubscribeLinksTests
{
    private static readonly UnsubscribeLinks Links = new("test-unsubscribe-secret-0123456789abcdef");

    [Fact]
    public void A_token_reads_back_as_the_customer_channel_and_touch_it_was_made_for()
    {
        var token = Links.Create("客户-42", Channel.Email, "run-7:step-1:客户-42");

        Assert.True(Links.TryRead(token, out var customerId, out var channel, out var touchId));
        Assert.Equal(("客户-42", Channel.Email, "run-7:step-1:客户-42"), (customerId, channel, touchId));
        Assert.Equal(Uri.EscapeDataString(token), token); // safe in a URL as it is
    }

    [Fact]
    public void A_tampered_token_is_rejected()
    {
        var token = Links.Create("C-1", Channel.Email, "T-1");
        var parts = token.Split('.');
        var otherCustomer = Links.Create("C-2", Channel.Email, "T-1").Split('.')[1];

        Assert.False(Links.TryRead(string.Join('.', parts[0], otherCustomer, parts[2], parts[3], parts[4]), out _, out _, out _));
        Assert.False(Links.TryRead(token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1], out _, out _, out _));
        Assert.False(Links.TryRead(token + ".x", out _, out _, out _));
        Assert.False(Links.TryRead(token[..token.LastIndexOf('.')], out _, out _, out _));
        Assert.False(Links.TryRead("", out _, out _, out _));
        Assert.False(Links.TryRead(null, out _, out _, out _));
        Assert.False(Links.TryRead("u1.!!.??.##.$$", out _, out _, out _));
    }

    [Fact]
    public void A_token_signed_with_another_secret_is_rejected()
    {
        var token = new UnsubscribeLinks("another-secret-of-at-least-32-characters").Create("C-1", Channel.Email, "T-1");

        Assert.False(Links.TryRead(token, out var customerId, out _, out _));
        Assert.Equal(string.Empty, customerId);
    }

    [Fact]
    public void The_link_appends_the_token_to_the_endpoint_url()
    {
        Assert.StartsWith("https://outreach.example.com/unsubscribe?token=u1.", Links.UrlFor("https://outreach.example.com/unsubscribe", "C-1", Channel.Email, "T-1"));
        Assert.StartsWith("https://outreach.example.com/u?list=news&token=u1.", Links.UrlFor("https://outreach.example.com/u?list=news", "C-1", Channel.Email, "T-1"));
    }

    [Fact]
    public void A_short_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new UnsubscribeLinks("too-short"));
    }
}
