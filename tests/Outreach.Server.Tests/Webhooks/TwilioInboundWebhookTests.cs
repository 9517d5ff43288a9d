using System.Net;
using Outreach.Channels.Twilio;
using Outreach.Core;
using Outreach.Limits.Suppression;

namespace Outreach.Server.Tests.Webhooks;

public sealed class TwilioInboundWebhookTests
{
    private const string Customer = "+8613800138000";

    private static List<KeyValuePair<string, string>> Inbound(string body, string from = Customer) =>
    [
        new("AccountSid", "AC" + new string('a', 32)), new("MessageSid", "SM" + new string('1', 32)), new("From", from),
        new("To", "+15005550006"), new("Body", body), new("NumMedia", "0"), new("ApiVersion", "2010-04-01"),
    ];

    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("  Unsubscribe \n")]
    [InlineData("STOPALL")]
    [InlineData("cancel")]
    [InlineData("End")]
    [InlineData("QUIT")]
    [InlineData("td")]
    [InlineData("退订")]
    [InlineData(" 退订　")]
    public async Task An_opt_out_keyword_suppresses_the_sender_on_sms_at_once(string body)
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost("/webhooks/twilio/inbound", Inbound(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Suppression.OfAddress(Channel.Sms, Customer, SuppressionReason.OptOut),
            await server.Suppressions.FindAsync(Channel.Sms, "any-customer", Customer));
    }

    [Theory]
    [InlineData("Thanks!")]
    [InlineData("stop by tomorrow")]
    [InlineData("START")]
    [InlineData("")]
    public async Task Any_other_message_suppresses_nobody(string body)
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost("/webhooks/twilio/inbound", Inbound(body)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await server.Suppressions.FindAsync(Channel.Sms, "any-customer", Customer));
    }

    [Fact]
    public async Task The_answer_is_empty_twiml()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(WebhookServer.TwilioPost("/webhooks/twilio/inbound", Inbound("TD")));

        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<Response/>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unsigned_or_forged_stop_is_refused_and_suppresses_nobody()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twilio/inbound") { Content = new FormUrlEncodedContent(Inbound("STOP")) };
        // Signed for another address than the public one the number's webhook is configured with.
        var otherUrl = WebhookServer.TwilioPost("/webhooks/twilio/inbound", Inbound("STOP"),
            TwilioSignature.Compute(WebhookServer.AuthToken, "https://attacker.example/webhooks/twilio/inbound", Inbound("STOP")));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(otherUrl)).StatusCode);
        Assert.Null(await server.Suppressions.FindAsync(Channel.Sms, "any-customer", Customer));
    }
}
