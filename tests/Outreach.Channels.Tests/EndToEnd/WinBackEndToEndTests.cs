using Microsoft.Extensions.Time.Testing;
using Outreach.Channels.Email;
using Outreach.Channels.Tests.Email.Support;
using Outreach.Channels.Tests.Support;
using Outreach.Channels.Tests.Twilio;
using Outreach.Channels.Tests.WeChat;
using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Limits.Suppression;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Channels.Tests.EndToEnd;

/// <summary>
/// win-back, as shipped in campaigns/, run by the real engine through the fake WeChat and fake Twilio servers over
/// loopback HTTP, over a week of fake time.
/// </summary>
public sealed class WinBackEndToEndTests
{
    private const string RunId = "e2e-1";

    // 40 customers: c01..c10 high value (monetary 4, get the day-7 call), c11..c38 valuable (monetary 3),
    // c39 complained (excluded), c40 low spend (not in the audience).
    private static readonly string[] NotFollowing = ["c05", "c12", "c13"]; // WeChat 43004
    private const string Refused = "c14";                                   // WeChat 43101
    private const string OptsOut = "c13";                                   // Twilio 21610 on its (fallback) SMS
    private const string Buyer = "c20";                                     // buys on day 1

    private static string Id(int i) => $"c{i:00}";
    private static string Phone(string id) => "+861380013" + id[1..].PadLeft(4, '0');
    private static string OpenId(string id) => "oWinBack_" + id;

    [Fact]
    public async Task Win_back_with_an_sms_fallback_on_day_0_goes_out_by_wechat_falls_back_honours_opt_outs_and_calls_only_the_most_valuable()
    {
        await using var world = await StartAsync();
        var (time, wechat, twilio, engine) = world;

        // win-back without its 10% holdout (who is contacted must not depend on the hash), and with SMS as the day-0
        // step's second channel: as shipped, the step names only wechat, so a 43004/43101 has nothing to fall back to
        // (see the next test).
        var campaign = await WinBackAsync(dayZeroChannels: "[wechat, sms]");
        var audience = Enumerable.Range(1, 38).Select(Id).ToList();

        // Day 0: WeChat, SMS instead for those WeChat cannot reach.
        await engine.RunAsync(campaign, RunId);
        var day0 = await engine.TouchesAsync(campaign.Id, RunId, 0);
        Assert.Equal(audience.Order(), day0.Keys.Order());

        var wechatOk = audience.Except(NotFollowing).Except([Refused]).ToList();
        foreach (var id in wechatOk)
            Assert.True(day0[id] is { Status: TouchStatus.Sent, Channel: Channel.WeChat }, $"{id}: {Describe(day0[id])}");
        var delivered = wechat.Sends.Where(s => s.ErrCode == 0).Select(s => s["touser"]).ToList();
        Assert.Equal(wechatOk.Select(OpenId).Order(), delivered.Order());
        Assert.All(wechat.Sends, s => Assert.Equal("mXq3T8vWinBack04", s["template_id"]));

        // 43004 and 43101: the same touch goes by SMS; the refusal suppresses WeChat for the customer.
        foreach (var id in NotFollowing.Append(Refused).Where(id => id != OptsOut))
        {
            Assert.True(day0[id] is { Status: TouchStatus.Sent, Channel: Channel.Sms }, $"{id}: {Describe(day0[id])}");
            Assert.Single(twilio.Creates, r => r["To"] == Phone(id) && r.Path.EndsWith("/Messages.json"));
        }
        foreach (var id in NotFollowing.Append(Refused))
            Assert.Single(await engine.Get<ITouchLedger>().ForCustomerAsync(id), t => t.CampaignId == campaign.Id && t.Step == 0);
        var suppressions = engine.Get<ISuppressionList>();
        Assert.NotNull(await suppressions.FindAsync(Channel.WeChat, Refused, OpenId(Refused)));
        foreach (var id in NotFollowing)
            Assert.Null(await suppressions.FindAsync(Channel.WeChat, id, OpenId(id)));

        // 43004 then 21610: the SMS was tried once and the number is suppressed on SMS at once.
        Assert.Single(twilio.Creates, r => r["To"] == Phone(OptsOut) && r.Path.EndsWith("/Messages.json"));
        Assert.NotNull(await suppressions.FindAsync(Channel.Sms, OptsOut, Phone(OptsOut)));
        Assert.True(day0[OptsOut] is { Status: TouchStatus.Failed, Channel: Channel.Sms } && day0[OptsOut].Reason!.Contains("21610"), Describe(day0[OptsOut]));

        // Day 1: one customer buys.
        time.Advance(TimeSpan.FromDays(1));
        await engine.Store.AppendEventsAsync([new CustomerEvent
        {
            Id = "e-buy-1", CustomerId = Buyer, Type = EventTypes.Purchase, OccurredAt = time.GetUtcNow(), Amount = 399m,
        }]);

        // Day 3: the SMS step.
        var smsBefore = twilio.Creates.Count(r => r.Path.EndsWith("/Messages.json"));
        time.Advance(TimeSpan.FromDays(2));
        Assert.True(await engine.DispatchDueAsync() > 0);
        var day3 = await engine.TouchesAsync(campaign.Id, RunId, 1);
        Assert.True(day3[Buyer] is { Status: TouchStatus.Exited }, $"{Buyer}: {Describe(day3[Buyer])}");
        Assert.True(day3[OptsOut].Status == TouchStatus.Suppressed, $"{OptsOut}: {Describe(day3[OptsOut])}");
        var smsDay3 = audience.Where(id => id != Buyer && id != OptsOut).ToList();
        foreach (var id in smsDay3)
            Assert.True(day3.TryGetValue(id, out var t) && t is { Status: TouchStatus.Sent, Channel: Channel.Sms },
                $"{id}: {(t is null ? "no touch" : Describe(t))}");
        var smsThisStep = twilio.Creates.Where(r => r.Path.EndsWith("/Messages.json")).Skip(smsBefore).ToList();
        Assert.Equal(smsDay3.Select(Phone).Order(), smsThisStep.Select(r => r["To"]!).Order());
        Assert.DoesNotContain(smsThisStep, r => r["To"] == Phone(OptsOut));
        Assert.All(smsThisStep, r => Assert.Contains("XIANGNI50", r["Body"]));

        // Day 7: calls for the high-value customers only.
        time.Advance(TimeSpan.FromDays(4));
        Assert.True(await engine.DispatchDueAsync() > 0);
        var day7 = await engine.TouchesAsync(campaign.Id, RunId, 2);
        Assert.DoesNotContain(Buyer, day7.Keys);
        var highValue = Enumerable.Range(1, 10).Select(Id).ToList();
        foreach (var (id, touch) in day7)
        {
            if (highValue.Contains(id)) Assert.True(touch is { Status: TouchStatus.Sent, Channel: Channel.Call }, $"{id}: {Describe(touch)}");
            else Assert.True(touch.Status == TouchStatus.Skipped, $"{id}: {Describe(touch)}");
        }
        var calls = twilio.Creates.Where(r => r.Path.EndsWith("/Calls.json")).ToList();
        Assert.Equal(highValue.Select(Phone).Order(), calls.Select(r => r["To"]!).Order());

        // The ledger and the providers agree, and every request was a valid one.
        var all = day0.Values.Concat(day3.Values).Concat(day7.Values).Where(t => t.Status == TouchStatus.Sent).ToList();
        Assert.Equal(all.Count(t => t.Channel == Channel.WeChat), wechat.Delivered.Count);
        Assert.Equal(all.Count(t => t.Channel == Channel.Sms), twilio.Creates.Count(r => r.Path.EndsWith("/Messages.json")) - 1);
        Assert.Equal(all.Count(t => t.Channel == Channel.Call), calls.Count);
        Assert.Empty(wechat.Violations);
        Assert.Empty(twilio.Violations);
    }

    /// <summary>win-back sends no email, so a one-letter campaign to the same customers covers the SMTP channel.</summary>
    private const string Letter = """
        id: win-back-letter
        name: Win-back letter
        category: marketing
        timezone: Asia/Shanghai
        priority: 3
        schedule: "0 30 10 ? * TUE"
        audience:
          pool: [churned]
        variants:
          - name: letter
            channels: [email]
            messages:
              email:
                subject: "{{ customer.name }}，好久不见"
                body: "{{ customer.name }}，50元回归礼券已为您保留。"
                html: "<p>{{ customer.name }}，50元回归礼券已为您保留。</p>"
        """;

    [Fact]
    public async Task An_email_campaign_to_the_same_customers_reaches_the_smtp_server_with_one_click_unsubscribe()
    {
        TestSmtp.EnsureRunning();
        await using var world = await StartAsync();
        var engine = world.Engine;
        var campaign = ProviderEngine.Campaign(Letter);
        // The Message-ID derives from the touch id: a new run id keeps it new in the shared Maildir.
        var runId = "e2e-" + Guid.NewGuid().ToString("N");

        await engine.RunAsync(campaign, runId);
        var touches = await engine.TouchesAsync(campaign.Id, runId, 0);

        var withEmail = Enumerable.Range(1, 5).Select(Id).ToList();
        foreach (var id in withEmail)
        {
            var touch = touches[id];
            Assert.True(touch is { Status: TouchStatus.Sent, Channel: Channel.Email }, $"{id}: {Describe(touch)}");
            var mail = await TestSmtp.ReceivedAsync(EmailMessages.MessageIdFor(touch.TouchId, "club@yuexiang.example"));
            Assert.Equal($"{id}@mail.example", mail.To.Mailboxes.Single().Address);
            Assert.Contains("好久不见", mail.Subject);
            Assert.Contains("礼券", mail.TextBody);
            Assert.Contains("<p>", mail.HtmlBody);
            Assert.StartsWith("<https://outreach.yuexiang.example/unsubscribe", mail.Headers["List-Unsubscribe"]);
            Assert.Equal(EmailMessages.OneClick, mail.Headers["List-Unsubscribe-Post"]);
        }
        // No address or no consent: not sent.
        foreach (var (id, touch) in touches.Where(t => !withEmail.Contains(t.Key)))
            Assert.True(touch.Status == TouchStatus.Unreachable, $"{id}: {Describe(touch)}");
        Assert.Empty(world.Twilio.Requests);
        Assert.Empty(world.WeChat.Sends);
    }

    private static async Task<Outreach.Core.Campaigns.Campaign> WinBackAsync(string? dayZeroChannels = null)
    {
        var yaml = (await File.ReadAllTextAsync(RepoFiles.Path("campaigns/win-back.yaml"))).Replace("holdout: 10", "holdout: 0");
        if (dayZeroChannels is not null)
        {
            const string step0 = "  - name: wechat-day-0\n    wait: 0d\n    channels: [wechat]\n";
            Assert.Contains(step0, yaml);
            yaml = yaml.Replace(step0, $"  - name: wechat-day-0\n    wait: 0d\n    channels: {dayZeroChannels}\n");
        }
        return ProviderEngine.Campaign(yaml);
    }

    [Fact]
    public async Task Win_back_as_shipped_has_no_day_0_fallback_so_unreachable_wechat_customers_wait_for_the_day_3_sms()
    {
        await using var world = await StartAsync();
        var (time, wechat, twilio, engine) = world;
        var campaign = await WinBackAsync();
        var audience = Enumerable.Range(1, 38).Select(Id).ToList();

        await engine.RunAsync(campaign, RunId);
        var day0 = await engine.TouchesAsync(campaign.Id, RunId, 0);
        Assert.Equal(audience.Order(), day0.Keys.Order());
        foreach (var id in NotFollowing.Append(Refused))
            Assert.True(day0[id] is { Status: TouchStatus.Failed, Channel: Channel.WeChat }, $"{id}: {Describe(day0[id])}");
        Assert.Empty(twilio.Creates);
        Assert.NotNull(await engine.Get<ISuppressionList>().FindAsync(Channel.WeChat, Refused, OpenId(Refused)));

        time.Advance(TimeSpan.FromDays(3));
        await engine.DispatchDueAsync();
        var day3 = await engine.TouchesAsync(campaign.Id, RunId, 1);
        foreach (var id in audience.Where(id => id != OptsOut))
            Assert.True(day3[id] is { Status: TouchStatus.Sent, Channel: Channel.Sms }, $"{id}: {Describe(day3[id])}");
        // The opt-out answer comes with the first SMS here, and suppresses the number at once.
        Assert.True(day3[OptsOut] is { Status: TouchStatus.Failed, Channel: Channel.Sms }, Describe(day3[OptsOut]));
        Assert.NotNull(await engine.Get<ISuppressionList>().FindAsync(Channel.Sms, OptsOut, Phone(OptsOut)));
        Assert.Equal(audience.Count, twilio.Creates.Count);
        Assert.Equal(audience.Count - 4, wechat.Delivered.Count);
        Assert.Empty(wechat.Violations);
        Assert.Empty(twilio.Violations);
    }

    private sealed record World(FakeTimeProvider Time, FakeWeChat WeChat, FakeTwilio Twilio, ProviderEngine Engine) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Engine.DisposeAsync();
            WeChat.Dispose();
            Twilio.Dispose();
        }
    }

    /// <summary>The engine on the fakes, with the scripted provider answers and the 40 customers loaded.</summary>
    private static async Task<World> StartAsync()
    {
        var time = new FakeTimeProvider(ProviderEngine.Now);
        var wechat = new FakeWeChat(time);
        var twilio = new FakeTwilio();
        var script = new ProviderScript(wechat, twilio);
        foreach (var id in NotFollowing) script.WeChatErrcodes[OpenId(id)] = 43004;
        script.WeChatErrcodes[OpenId(Refused)] = 43101;
        script.TwilioErrors[Phone(OptsOut)] = (400, 21610);

        var engine = new ProviderEngine(time, new Dictionary<string, string?>
        {
            ["Channels:Twilio:AccountSid"] = FakeTwilio.AccountSid,
            ["Channels:Twilio:AuthToken"] = FakeTwilio.AuthToken,
            ["Channels:Twilio:From"] = "+15005550006",
            ["Channels:Twilio:CallFrom"] = "+15005550006",
            ["Channels:Twilio:BaseUrl"] = twilio.BaseUrl,
            ["Channels:Twilio:RetryDelay"] = "00:00:00.010",
            ["Channels:WeChat:AppId"] = FakeWeChat.AppId,
            ["Channels:WeChat:AppSecret"] = FakeWeChat.AppSecret,
            ["Channels:WeChat:BaseUrl"] = wechat.BaseUrl,
            ["Channels:WeChat:TemplateId"] = "mXq3T8vWinBack04",
            ["Channels:Email:Host"] = TestSmtp.Host,
            ["Channels:Email:Port"] = TestSmtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Channels:Email:Security"] = "None",
            ["Channels:Email:From"] = "club@yuexiang.example",
            ["Channels:Email:UnsubscribeBaseUrl"] = "https://outreach.yuexiang.example/unsubscribe",
            ["Channels:Email:UnsubscribeSecret"] = "end-to-end-unsubscribe-secret-0123456789",
        }, script);

        var rows = Enumerable.Range(1, 40).Select(i =>
        {
            var id = Id(i);
            var spend = i <= 10 ? 2500m : i == 40 ? 200m : 800m;
            var customer = new Customer
            {
                Id = id, Name = "客户" + i, Phone = Phone(id), WeChatOpenId = OpenId(id), TimeZone = "Asia/Shanghai",
                // c01..c06 have an email address; c06 never agreed to email.
                Email = i <= 6 ? $"{id}@mail.example" : null,
                Tags = i == 39 ? ["complained"] : [],
                Consent = new Dictionary<Channel, ConsentStatus>
                {
                    [Channel.WeChat] = ConsentStatus.OptedIn, [Channel.Sms] = ConsentStatus.OptedIn, [Channel.Call] = ConsentStatus.OptedIn,
                    [Channel.Email] = i <= 5 ? ConsentStatus.OptedIn : ConsentStatus.Unknown,
                },
                CreatedAt = ProviderEngine.Now.AddYears(-2),
            };
            // Churned: the last of three purchases 200 days ago.
            var purchases = new PurchaseStats(ProviderEngine.Now.AddDays(-400), ProviderEngine.Now.AddDays(-200), 3, spend);
            return (customer, purchases);
        }).ToList();
        await engine.AddCustomersAsync(rows);

        return new World(time, wechat, twilio, engine);
    }

    private static string Describe(TouchRecord t) => $"{t.Status} on {t.Channel?.ToString() ?? "-"} ({t.Reason})";
}
