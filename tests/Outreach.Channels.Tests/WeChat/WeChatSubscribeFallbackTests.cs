using Microsoft.Extensions.Time.Testing;
using Outreach.Channels.Tests.EndToEnd;
using Outreach.Channels.Tests.Twilio;
using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Limits.Suppression;
using Outreach.Storage.Ledger;

namespace Outreach.Channels.Tests.WeChat;

/// <summary>Subscription notices through the real engine: a customer without a subscription gets the same touch by SMS.</summary>
public sealed class WeChatSubscribeFallbackTests
{
    private const string Subscribed = "c1";
    private const string NotSubscribed = "c2";

    private const string Notice = """
        id: renewal-notice
        name: Renewal notice
        category: marketing
        timezone: Asia/Shanghai
        priority: 5
        schedule: "0 30 10 ? * TUE"
        audience:
          pool: [churned]
        variants:
          - name: notice
            channels: [wechat, sms]
            messages:
              wechat:
                template_id: sub-renewal-0002
                body: "{{ customer.name }}，续费享新品试用"
              sms: "【悦享会】{{ customer.name }}，续费享新品试用 回T退订"
        """;

    [Fact]
    public async Task A_customer_without_a_subscription_to_the_notice_gets_the_same_touch_by_sms_and_stays_reachable_on_wechat()
    {
        var time = new FakeTimeProvider(ProviderEngine.Now);
        using var wechat = new FakeWeChat(time);
        using var twilio = new FakeTwilio();
        wechat.Subscribe(OpenId(Subscribed), WeChatNode.SubscribeTemplateId);
        await using var engine = new ProviderEngine(time, new Dictionary<string, string?>
        {
            ["Channels:Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["Channels:Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["Channels:Twilio:From"] = "+15005550006",
            ["Channels:Twilio:BaseUrl"] = twilio.BaseUrl,
            ["Channels:WeChat:AppId"] = FakeWeChat.AppId,
            ["Channels:WeChat:AppSecret"] = FakeWeChat.AppSecret,
            ["Channels:WeChat:BaseUrl"] = wechat.BaseUrl,
            [$"Channels:WeChat:SubscribeTemplates:{WeChatNode.SubscribeTemplateId}:BodyField"] = "thing1",
        }, new ProviderScript(wechat, twilio));
        await engine.AddCustomersAsync([Churned(Subscribed), Churned(NotSubscribed)]);
        var campaign = ProviderEngine.Campaign(Notice);

        await engine.RunAsync(campaign, "run-1");
        var touches = await engine.TouchesAsync(campaign.Id, "run-1", 0);

        Assert.True(touches[Subscribed] is { Status: TouchStatus.Sent, Channel: Channel.WeChat }, Describe(touches[Subscribed]));
        Assert.True(touches[NotSubscribed] is { Status: TouchStatus.Sent, Channel: Channel.Sms }, Describe(touches[NotSubscribed]));
        Assert.Equal([(OpenId(Subscribed), 0), (OpenId(NotSubscribed), 43101)],
            wechat.Notices.Select(n => (n["touser"], n.ErrCode)).OrderBy(n => n.Item1));
        Assert.Empty(wechat.Sends);
        Assert.Equal([Phone(NotSubscribed)], twilio.Creates.Select(r => r["To"]));
        // Unreachable by this notice today, not opted out: a later subscription makes the customer reachable again.
        Assert.Null(await engine.Get<ISuppressionList>().FindAsync(Channel.WeChat, NotSubscribed, OpenId(NotSubscribed)));
        Assert.Empty(wechat.Violations);
        Assert.Empty(twilio.Violations);
    }

    private static string OpenId(string id) => "oNotice_" + id;

    private static string Phone(string id) => "+861380013000" + id[1..];

    private static (Customer, PurchaseStats) Churned(string id) => (new Customer
    {
        Id = id, Name = "客户" + id[1..], Phone = Phone(id), WeChatOpenId = OpenId(id), TimeZone = "Asia/Shanghai",
        Consent = new Dictionary<Channel, ConsentStatus> { [Channel.WeChat] = ConsentStatus.OptedIn, [Channel.Sms] = ConsentStatus.OptedIn },
        CreatedAt = ProviderEngine.Now.AddYears(-2),
    }, new PurchaseStats(ProviderEngine.Now.AddDays(-400), ProviderEngine.Now.AddDays(-200), 3, 800m));

    private static string Describe(TouchRecord t) => $"{t.Status} on {t.Channel?.ToString() ?? "-"} ({t.Reason})";
}
