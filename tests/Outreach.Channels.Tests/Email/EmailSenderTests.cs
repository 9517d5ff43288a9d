using MimeKit;
using Outreach.Channels.Email;
using Outreach.Channels.Tests.Email.Support;
using Outreach.Core;

namespace Outreach.Channels.Tests.Email;

/// <summary>Sending through the real SMTP test sink and reading what arrived.</summary>
public sealed class EmailSenderTests
{
    private const string Html = "<p>您的会员已到期，<b>续费即享新品免费试用</b>。</p>";

    [Fact]
    public async Task A_message_arrives_with_both_bodies_its_headers_and_a_one_click_unsubscribe_link()
    {
        await using var sender = EmailSenders.ToTestSink();
        var touchId = TestSmtp.NewTouchId();

        var result = await sender.SendAsync(EmailSenders.Touch(touchId, html: Html), CancellationToken.None);

        var messageId = EmailMessages.MessageIdFor(touchId, EmailSenders.From);
        Assert.Equal(new DeliveryResult.Sent(messageId), result);
        var received = await TestSmtp.ReceivedAsync(messageId);
        var from = Assert.IsType<MailboxAddress>(Assert.Single(received.From));
        Assert.Equal((EmailSenders.From, "悦享会员中心"), (from.Address, from.Name));
        Assert.Equal("zhang.wei@example.com", Assert.IsType<MailboxAddress>(Assert.Single(received.To)).Address);
        Assert.Equal("会员续费提醒", received.Subject);

        var alternative = Assert.IsType<MultipartAlternative>(received.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(part => part.ContentType.MimeType));
        Assert.Equal("您的会员已到期，续费即享新品免费试用。", received.TextBody!.Trim());
        Assert.Equal(Html, received.HtmlBody!.Trim());

        Assert.Equal(EmailMessages.OneClick, received.Headers[HeaderId.ListUnsubscribePost]);
        var unsubscribe = received.Headers[HeaderId.ListUnsubscribe]!.Trim();
        Assert.StartsWith("<" + EmailSenders.UnsubscribeBaseUrl + "?token=", unsubscribe);
        Assert.EndsWith(">", unsubscribe);
        var token = unsubscribe[(unsubscribe.IndexOf("?token=", StringComparison.Ordinal) + 7)..^1];
        Assert.True(new UnsubscribeLinks(EmailSenders.Secret).TryRead(token, out var customerId, out var channel, out var readTouchId));
        Assert.Equal(("C-" + touchId, Channel.Email, touchId), (customerId, channel, readTouchId));
    }

    [Fact]
    public async Task Without_html_the_message_is_plain_text_only()
    {
        await using var sender = EmailSenders.ToTestSink();
        var touchId = TestSmtp.NewTouchId();

        var result = await sender.SendAsync(EmailSenders.Touch(touchId), CancellationToken.None);

        var received = await TestSmtp.ReceivedAsync(Assert.IsType<DeliveryResult.Sent>(result).ProviderId);
        var text = Assert.IsType<TextPart>(received.Body);
        Assert.True(text.IsPlain);
        Assert.Equal("您的会员已到期，续费即享新品免费试用。", text.Text.Trim());
        Assert.Null(received.HtmlBody);
    }

    [Fact]
    public async Task A_resent_touch_carries_the_same_message_id_and_other_touches_do_not()
    {
        await using var sender = EmailSenders.ToTestSink();
        var touchId = TestSmtp.NewTouchId();

        var first = await sender.SendAsync(EmailSenders.Touch(touchId), CancellationToken.None);
        var again = await sender.SendAsync(EmailSenders.Touch(touchId), CancellationToken.None);
        var other = await sender.SendAsync(EmailSenders.Touch(TestSmtp.NewTouchId()), CancellationToken.None);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.EndsWith("@shop.example.com", Assert.IsType<DeliveryResult.Sent>(first).ProviderId);
        Assert.DoesNotContain(touchId, Assert.IsType<DeliveryResult.Sent>(first).ProviderId);
    }

    [Fact]
    public async Task Many_messages_sent_at_once_all_arrive()
    {
        await using var sender = EmailSenders.ToTestSink(options => options.MaxConnections = 3);
        var touchIds = Enumerable.Range(0, 12).Select(_ => TestSmtp.NewTouchId()).ToArray();

        var results = await Task.WhenAll(touchIds.Select(id => sender.SendAsync(EmailSenders.Touch(id), CancellationToken.None)));

        Assert.All(results, result => Assert.IsType<DeliveryResult.Sent>(result));
        foreach (var result in results) await TestSmtp.ReceivedAsync(((DeliveryResult.Sent)result).ProviderId);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("zhang@localhost")]
    [InlineData("zhang wei@example.com")]
    [InlineData("zhang@example.com, boss@example.com")]
    [InlineData("Zhang <zhang@example.com>")]
    [InlineData("zhang@example.com\r\nBcc: everyone@example.com")]
    [InlineData("")]
    public async Task An_invalid_address_is_suppressed_without_connecting(string address)
    {
        await using var server = new ScriptedSmtpServer();
        await using var sender = EmailSenders.To(server);

        var result = await sender.SendAsync(EmailSenders.Touch(TestSmtp.NewTouchId(), address), CancellationToken.None);

        var failure = Assert.IsType<DeliveryResult.PermanentFailure>(result);
        Assert.True(failure.Suppress);
        Assert.False(failure.OptedOut);
        Assert.Equal(0, server.Connections);
    }
}
