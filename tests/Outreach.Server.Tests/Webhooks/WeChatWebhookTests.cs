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

    /// <summary>
    /// A subscription notices' result (subscribe_msg_sent_event) in the shape WeChat publishes: one List item per notice
    /// with TemplateId, MsgID, ErrorCode (0 is success) and ErrorStatus.
    /// </summary>
    private static string NoticeSent(params (string MsgId, string ErrorCode, string ErrorStatus)[] items) =>
        $"""
        <xml>
          <ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
          <FromUserName><![CDATA[{OpenId}]]></FromUserName>
          <CreateTime>1764064868</CreateTime>
          <MsgType><![CDATA[event]]></MsgType>
          <Event><![CDATA[subscribe_msg_sent_event]]></Event>
          <SubscribeMsgSentEvent>
            {string.Concat(items.Select(i => $"""
            <List>
              <TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>
              <MsgID>{i.MsgId}</MsgID>
              <ErrorCode>{i.ErrorCode}</ErrorCode>
              <ErrorStatus><![CDATA[{i.ErrorStatus}]]></ErrorStatus>
            </List>
            """))}
          </SubscribeMsgSentEvent>
        </xml>
        """;

    /// <summary>A customer's choice about notice templates: the subscribe popup or the notice settings (accept|reject per template).</summary>
    private static string NoticeChoice(string @event, string container, string templateId, string choice) =>
        $"""
        <xml>
          <ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
          <FromUserName><![CDATA[{OpenId}]]></FromUserName>
          <CreateTime>1764064840</CreateTime>
          <MsgType><![CDATA[event]]></MsgType>
          <Event><![CDATA[{@event}]]></Event>
          <{container}>
            <List>
              <TemplateId><![CDATA[{templateId}]]></TemplateId>
              <SubscribeStatusString><![CDATA[{choice}]]></SubscribeStatusString>
            </List>
          </{container}>
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

    [Fact]
    public async Task A_request_signed_long_ago_is_refused_as_a_replay()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        using var client = server.Server.CreateClient();
        var signedAt = server.Server.Clock.GetUtcNow();
        string SignedAt(TimeSpan ago) => "/webhooks/wechat?" + WebhookServer.WeChatQuery(timestamp: (signedAt - ago).ToUnixTimeSeconds().ToString()) + "&echostr=1";

        var recent = await client.GetAsync(SignedAt(TimeSpan.FromMinutes(4)));
        var replayed = await client.GetAsync(SignedAt(TimeSpan.FromHours(2)));

        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
    }

    [Fact]
    public async Task Server_verification_works_before_sending_over_wechat_is_configured()
    {
        // An operator sets up the callback first: the token is set, the account's AppId not yet.
        await using var server = await WebhookServer.StartAsync(Store.Sqlite, new Dictionary<string, string?> { ["Channels:WeChat:AppId"] = null });
        using var client = server.Server.CreateClient();

        var signed = await client.GetAsync("/webhooks/wechat?" + WebhookServer.WeChatQuery() + "&echostr=5837397520678438");

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal("5837397520678438", await signed.Content.ReadAsStringAsync());
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

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_delivered_notice_result_moves_the_touch_with_that_msgid_to_delivered(Store store)
    {
        await using var server = await WebhookServer.StartAsync(store);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "1700827132819554304");
        var other = await server.SentTouchAsync("c2", Channel.WeChat, "1700827132819554305");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(Post(NoticeSent(("1700827132819554304", "0", "success"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal((TouchStatus.Delivered, "delivered"), await StatusOf(server, touch));
        Assert.Equal(TouchStatus.Sent, (await StatusOf(server, other)).Status);
    }

    [Theory]
    [InlineData("1", "system error")]
    [InlineData("43101", "user refuse to accept the msg")] // no subscription to this template: not an opt-out, as at send time
    public async Task A_failed_notice_result_fails_the_touch_with_its_error_status_and_suppresses_nobody(string errorCode, string errorStatus)
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "1700827132819554304");
        using var client = server.Server.CreateClient();

        await client.SendAsync(Post(NoticeSent(("1700827132819554304", errorCode, errorStatus))));

        Assert.Equal((TouchStatus.Failed, errorStatus), await StatusOf(server, touch));
        Assert.Null(await server.Suppressions.FindAsync(Channel.WeChat, "c1", OpenId));
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task A_notice_result_of_user_block_fails_the_touch_and_suppresses_the_openid_on_wechat(Store store)
    {
        await using var server = await WebhookServer.StartAsync(store);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "1700827132819554304");
        using var client = server.Server.CreateClient();

        await client.SendAsync(Post(NoticeSent(("1700827132819554304", "1", "failed:user block"))));

        var (status, reason) = await StatusOf(server, touch);
        Assert.Equal(TouchStatus.Failed, status);
        Assert.Contains("user block", reason);
        Assert.Equal(Suppression.OfAddress(Channel.WeChat, OpenId, SuppressionReason.OptOut),
            await server.Suppressions.FindAsync(Channel.WeChat, "c1", OpenId));
    }

    [Fact]
    public async Task A_notice_result_for_an_unknown_msgid_is_acknowledged_and_changes_nothing()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var sms = await server.SentTouchAsync("c1", Channel.Sms, "1700827132819554304"); // same id, another channel
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(Post(NoticeSent(("1700827132819554304", "0", "success"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(TouchStatus.Sent, (await StatusOf(server, sms)).Status);
    }

    [Fact]
    public async Task Each_item_of_a_notice_result_moves_its_own_touch()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var delivered = await server.SentTouchAsync("c1", Channel.WeChat, "1700827132819554304");
        var failed = await server.SentTouchAsync("c2", Channel.WeChat, "1700827132819554305");
        var untouched = await server.SentTouchAsync("c3", Channel.WeChat, "1700827132819554306");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(Post(NoticeSent(
            ("1700827132819554304", "0", "success"),
            ("1700827132819554305", "1", "system error"),
            ("1700827132819554399", "0", "success")))); // unknown: skipped, the others still applied

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((TouchStatus.Delivered, "delivered"), await StatusOf(server, delivered));
        Assert.Equal((TouchStatus.Failed, "system error"), await StatusOf(server, failed));
        Assert.Equal(TouchStatus.Sent, (await StatusOf(server, untouched)).Status);
    }

    [Fact]
    public async Task A_wrongly_signed_notice_result_is_refused_and_changes_nothing()
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "1700827132819554304");
        using var client = server.Server.CreateClient();

        var forged = await client.SendAsync(Post(NoticeSent(("1700827132819554304", "0", "success")), WebhookServer.WeChatQuery(token: "guess")));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(TouchStatus.Sent, (await StatusOf(server, touch)).Status);
    }

    [Theory]
    [InlineData("subscribe_msg_popup_event", "SubscribeMsgPopupEvent")]
    [InlineData("subscribe_msg_change_event", "SubscribeMsgChangeEvent")]
    public async Task A_rejected_notice_template_is_acknowledged_and_suppresses_nobody(string @event, string container)
    {
        await using var server = await WebhookServer.StartAsync(Store.Sqlite);
        var touch = await server.SentTouchAsync("c1", Channel.WeChat, "1700827132819554304");
        using var client = server.Server.CreateClient();

        var response = await client.SendAsync(Post(NoticeChoice(@event, container, "9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI", "reject")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Null(await server.Suppressions.FindAsync(Channel.WeChat, "c1", OpenId));
        Assert.Equal(TouchStatus.Sent, (await StatusOf(server, touch)).Status);
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

    /// <summary>The touch's status and reason as the ledger has them now.</summary>
    private static async Task<(TouchStatus Status, string? Reason)> StatusOf(WebhookServer server, TouchRecord touch) =>
        (await server.Ledger.GetAsync(touch.TouchId)) is { } read ? (read.Status, read.Reason) : throw new InvalidOperationException($"touch {touch.TouchId} is gone");
}
