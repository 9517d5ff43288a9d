using System.Net;
using System.Text;
using Outreach.Core;
using Outreach.Limits.Suppression;
using Outreach.Storage.Ledger;

namespace Outreach.Server.Tests.Webhooks;

public sealed class WeChatWebhookTests
{
    private const string OpenId = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    /// <summary>A send-finished event as WeChat posts it (plaintext mode).</summary>
    private static string SendFinished(string msgId, string status) =>
        $"""
        <xml>
          <ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
          <FromUserName><![CDATA[{OpenId}]]></FromUserName>
          <CreateTime>1764064800</CreateTime>
          <MsgType><![CDATA[event]]></MsgType>
          <Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>
          <MsgID>{msgId}</MsgID>
          <Status><![CDATA[{status}]]></Status>
        </xml>
        """;

    private static HttpRequestMessage Post(string xml, string? query = null) =>
        new(HttpMethod.Post, "/webhooks/wechat?" + (query ?? WebhookServer.WeChatQuery()) + "&openid=" + OpenId)
        {
            Content = new StringContent(xml, Encoding.UTF8, "text/xml"),
        };

    [Fact]
    public async Task Server_verification_echoes_echostr_when_signed_with_the_callback_token()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();

        var signed = await client.GetAsync("/webhooks/wechat?" + WebhookServer.WeChatQuery() + "&echostr=5837397520678438");
        var forged = await client.GetAsync("/webhooks/wechat?" + WebhookServer.WeChatQuery(token: "guess") + "&echostr=5837397520678438");

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("5837397520678438", await signed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_successful_send_finished_event_moves_the_touch_with_that_msgid_to_delivered(Store store)
    {
        await using var server = await WebhookServer.StartAsync(store);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "200163836");
        var other = await server.SentTouchAsync("c2", Channel.WeChat, "200163837");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(Post(SendFinished("200163836", "success")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(TouchStatus.Delivered, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(other.TouchId))!.Status);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_user_block_fails_the_touch_and_suppresses_the_openid_on_wechat(Store store)
    {
        await using var server = await WebhookServer.StartAsync(store);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "200163836");
        using var client = server.Server.CreateClient();

        await client.SendAsync(Post(SendFinished("200163836", "failed:user block")));

        var read = await server.Ledger.GetAsync(touch.TouchId);
        Assert.Equal(TouchStatus.Failed, read!.Status);
        Assert.Contains("user block", read.Reason);
        Assert.Equal(Suppression.OfAddress(Channel.WeChat, OpenId, SuppressionReason.OptOut),
            await server.Suppressions.FindAsync(Channel.WeChat, "c1", OpenId));
    }

    [Fact]
    public async Task A_system_failure_fails_the_touch_and_suppresses_nobody()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "200163836");
        using var client = server.Server.CreateClient();

        await client.SendAsync(Post(SendFinished("200163836", "failed: system failed")));

        var read = await server.Ledger.GetAsync(touch.TouchId);
        Assert.Equal((TouchStatus.Failed, "failed: system failed"), (read!.Status, read.Reason));
        Assert.Null(await server.Suppressions.FindAsync(Channel.WeChat, "c1", OpenId));
    }

    [Fact]
    public async Task An_event_for_an_unknown_msgid_is_acknowledged()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var sms = await server.SentTouchAsync("c1", Channel.Sms, "200163836"); // same id, another channel
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(Post(SendFinished("200163836", "success")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(sms.TouchId))!.Status);
    }

    [Fact]
    public async Task An_unfollow_suppresses_the_openid_on_wechat()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();
        var unfollow = $"<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[{OpenId}]]></FromUserName>" +
                       "<CreateTime>1764064800</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event></xml>";

        var response = await client.SendAsync(Post(unfollow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SuppressionReason.OptOut, (await server.Suppressions.FindAsync(Channel.WeChat, "c1", OpenId))?.Reason);
    }

    [Fact]
    public async Task A_wrongly_signed_event_is_refused_and_changes_nothing()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "200163836");
        using var client = server.Server.CreateClient();

        var forged = await client.SendAsync(Post(SendFinished("200163836", "failed:user block"), WebhookServer.WeChatQuery(token: "guess")));
        var unsigned = await client.SendAsync(Post(SendFinished("200163836", "failed:user block"), "timestamp=1764064800&nonce=n0nce"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (forged.StatusCode, unsigned.StatusCode));
        Assert.Equal(TouchStatus.Sent, (await server.Ledger.GetAsync(touch.TouchId))!.Status);
        Assert.Null(await server.Suppressions.FindAsync(Channel.WeChat, "c1", OpenId));
    }

    [Fact]
    public async Task A_signed_body_that_is_not_wechat_xml_is_a_bad_request()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();

        var notXml = await client.SendAsync(Post("{\"event\":\"x\"}"));
        var withDtd = await client.SendAsync(Post("<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><FromUserName>&e;</FromUserName></xml>"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (notXml.StatusCode, withDtd.StatusCode));
    }

    [Fact]
    public async Task Without_a_callback_token_every_request_is_refused()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite, new Dictionary<string, string?> { ["Channels:WeChat:CallbackToken"] = null });
        using var client = server.Server.CreateClient();

        var response = await client.GetAsync("/webhooks/wechat?" + WebhookServer.WeChatQuery(token: "") + "&echostr=1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
