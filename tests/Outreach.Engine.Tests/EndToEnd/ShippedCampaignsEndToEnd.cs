using Outreach.Campaigns;
using Outreach.Core;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;
using Outreach.Testing;

namespace Outreach.Engine.Tests.EndToEnd;

/// <summary>
/// The three shipped campaigns (<c>campaigns/*.yaml</c>) run in priority order over the outbox channel against a small
/// set of customers, each built to land in one outcome, checked by hand: audiences, holdout, consent, channel choice,
/// quiet hours and the harness's cap of one touch per customer per day. The same on SQLite and on PostgreSQL.
/// </summary>
public abstract class ShippedCampaignsEndToEnd
{
    private const string RunId = "run-1";
    private static readonly DateTimeOffset Now = EngineHarness.Now; // Wednesday 11:00 in Shanghai

    private const string Renewal = "renewal-reminder", Coupon = "inactivity-30d-coupon", WinBack = "win-back";

    protected abstract Task<EngineHarness> CreateEngineAsync();

    [Fact]
    public async Task The_shipped_campaigns_touch_exactly_the_customers_worked_out_by_hand()
    {
        await using var engine = await CreateEngineAsync();
        var campaigns = LoadShipped();
        foreach (var campaign in campaigns.Values) engine.Campaigns.Put(campaign);
        // The holdout is a hash of campaign and customer: these ids were picked for where they land.
        Assert.Null(VariantAssigner.Assign(campaigns[Renewal], "renew-held-out-13"));
        Assert.Null(VariantAssigner.Assign(campaigns[Coupon], "lapsed-held-out-6"));
        Assert.Null(VariantAssigner.Assign(campaigns[WinBack], "churned-held-out-7"));
        var customers = Customers();
        Assert.All(customers, c => Assert.All(campaigns.Values.Where(k => VariantAssigner.Assign(k, c.Customer.Id) is null),
            held => Assert.Contains("held-out", c.Customer.Id)));
        await engine.LoadAsync(customers);

        foreach (var campaign in campaigns.Values.OrderByDescending(c => c.Priority))
            await engine.RunAsync(campaign, RunId);

        Assert.Equal(new Dictionary<(string, string), TouchStatus>
        {
            // renewal-reminder (priority 8): expired members, expiry 0-30 days ago.
            [(Renewal, "renew-wechat")] = TouchStatus.Sent,
            [(Renewal, "renew-sms")] = TouchStatus.Sent,
            [(Renewal, "renew-and-lapsed")] = TouchStatus.Sent,
            [(Renewal, "renew-held-out-13")] = TouchStatus.HeldOut,
            [(Renewal, "churned-expired-member")] = TouchStatus.Sent,
            // inactivity-30d-coupon (priority 6): 30-60 days without a purchase or past their own cycle, not churned.
            [(Coupon, "renew-and-lapsed")] = TouchStatus.Capped,
            [(Coupon, "lapsed-wechat")] = TouchStatus.Sent,
            [(Coupon, "lapsed-sms")] = TouchStatus.Sent,
            [(Coupon, "lapsed-own-cycle")] = TouchStatus.Sent,
            [(Coupon, "lapsed-new-york")] = TouchStatus.Deferred,
            [(Coupon, "lapsed-no-consent")] = TouchStatus.Unreachable,
            [(Coupon, "lapsed-held-out-6")] = TouchStatus.HeldOut,
            // win-back (priority 4): churned, monetary score 3+, 2+ purchases; day 0 is WeChat only.
            [(WinBack, "churned-valuable")] = TouchStatus.Sent,
            [(WinBack, "churned-sms-only")] = TouchStatus.Unreachable,
            [(WinBack, "churned-held-out-7")] = TouchStatus.HeldOut,
            [(WinBack, "churned-expired-member")] = TouchStatus.Capped,
        }, await FirstStepsAsync(engine, campaigns.Keys));

        Assert.Equal(
        [
            (Renewal, "churned-expired-member", "wechat"),
            (Renewal, "renew-and-lapsed", "wechat"),
            (Renewal, "renew-sms", "sms"),
            (Renewal, "renew-wechat", "wechat"),
            (Coupon, "lapsed-own-cycle", "wechat"),
            (Coupon, "lapsed-sms", "sms"),
            (Coupon, "lapsed-wechat", "wechat"),
            (WinBack, "churned-valuable", "wechat"),
        ], Sent(engine, before: Now.AddSeconds(1)));

        var ledger = await TouchesAsync(engine, campaigns.Keys);
        Assert.Equal(Now.AddDays(1), ledger[(Coupon, "renew-and-lapsed")].DueAt);
        Assert.Equal(Now.AddDays(1), ledger[(WinBack, "churned-expired-member")].DueAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), ledger[(Coupon, "lapsed-new-york")].DueAt);
        // The renewal A/B test: each member gets the variant their hash gives, and its message.
        var renewals = engine.Outbox().Where(e => e.CampaignId == Renewal).ToList();
        Assert.All(renewals, e => Assert.Equal(VariantAssigner.Assign(campaigns[Renewal], e.CustomerId)!.Name, e.Variant));
        Assert.Contains("续费", renewals.Single(e => e.CustomerId == "renew-sms").Body);

        // 09:00 in New York: the deferred coupon goes. The next day at 11:00 in Shanghai: the capped touches.
        engine.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
        await engine.DispatchDueAsync();
        engine.Time.SetUtcNow(Now.AddDays(1));
        await engine.DispatchDueAsync();

        Assert.Equal(
        [
            (Coupon, "lapsed-new-york", "wechat"),
            (Coupon, "renew-and-lapsed", "wechat"),
            (WinBack, "churned-expired-member", "wechat"),
        ], Sent(engine, after: Now.AddSeconds(1)));
        var after = await FirstStepsAsync(engine, campaigns.Keys);
        Assert.Equal(TouchStatus.Sent, after[(Coupon, "lapsed-new-york")]);
        Assert.Equal(TouchStatus.Sent, after[(Coupon, "renew-and-lapsed")]);
        Assert.Equal(TouchStatus.Sent, after[(WinBack, "churned-expired-member")]);
        // Win-back goes on by SMS three days after day 0, also for the customer WeChat could not reach.
        var smsDay3 = (await TouchesAsync(engine, [WinBack], step: 1)).ToDictionary(p => p.Key.Item2, p => p.Value.DueAt);
        Assert.Equal(new Dictionary<string, DateTimeOffset>
        {
            ["churned-valuable"] = Now.AddDays(3),
            ["churned-sms-only"] = Now.AddDays(3),
            ["churned-expired-member"] = Now.AddDays(4),
        }, smsDay3);
    }

    private static Dictionary<string, Campaign> LoadShipped()
    {
        var set = new CampaignLoader().LoadDirectory(RepoPaths.Campaigns);
        Assert.True(set.IsValid, string.Join("\n", set.Diagnostics));
        return set.Campaigns.ToDictionary(c => c.Id);
    }

    private static List<(string, string, string)> Sent(EngineHarness engine, DateTimeOffset? before = null, DateTimeOffset? after = null) =>
        engine.Outbox()
            .Where(e => (before is null || e.SentAt < before) && (after is null || e.SentAt > after))
            .Select(e => (e.CampaignId, e.CustomerId, e.Channel))
            .OrderBy(t => t.CampaignId == Renewal ? 0 : t.CampaignId == Coupon ? 1 : 2).ThenBy(t => t.CustomerId, StringComparer.Ordinal)
            .ToList();

    private static async Task<Dictionary<(string, string), TouchRecord>> TouchesAsync(EngineHarness engine, IEnumerable<string> campaigns, int step = 0)
    {
        var touches = new Dictionary<(string, string), TouchRecord>();
        foreach (var campaign in campaigns)
            foreach (var (customer, touch) in await engine.TouchesAsync(campaign, RunId, step))
                touches[(campaign, customer)] = touch;
        return touches;
    }

    private static async Task<Dictionary<(string, string), TouchStatus>> FirstStepsAsync(EngineHarness engine, IEnumerable<string> campaigns) =>
        (await TouchesAsync(engine, campaigns)).ToDictionary(p => p.Key, p => p.Value.Status);

    private static (Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events) Row(
        string id, PurchaseStats purchases, bool wechat = true, bool phone = true, ConsentStatus consent = ConsentStatus.OptedIn,
        ConsentStatus? wechatConsent = null, string timeZone = "Asia/Shanghai", DateTimeOffset? expiredAt = null, params string[] tags)
    {
        var number = 13800138000L + Math.Abs(VariantAssigner.Bucket("phone", id));
        var customer = new Customer
        {
            Id = id,
            Name = id,
            Phone = phone ? $"+86{number}" : null,
            WeChatOpenId = wechat ? $"oWeChat-{id}" : null,
            TimeZone = timeZone,
            Tags = tags,
            Consent = new Dictionary<Channel, ConsentStatus> { [Channel.WeChat] = wechatConsent ?? consent, [Channel.Sms] = consent },
            MembershipTier = expiredAt is null ? null : "gold",
            MembershipStatus = expiredAt is null ? MembershipStatus.None : MembershipStatus.Expired,
            MembershipExpiresAt = expiredAt,
            CreatedAt = Now.AddDays(-800),
        };
        return (customer, purchases, []);
    }

    /// <summary>Bought <paramref name="count"/> times, spending <paramref name="spend"/> in all, first and last this many days ago.</summary>
    private static PurchaseStats Bought(int count, decimal spend, double firstDaysAgo, double lastDaysAgo) =>
        new(Now.AddDays(-firstDaysAgo), Now.AddDays(-lastDaysAgo), count, spend);

    // Recent and regular: in no reactivation audience (10 days since the last purchase, a cycle of 27 days).
    private static readonly PurchaseStats Regular = Bought(8, 1500m, 200, 10);

    // Once, 40 days ago: 30-60 days without a purchase, not churned (the default cycle is 30 days; churned after 90).
    private static readonly PurchaseStats Lapsed = Bought(1, 300m, 40, 40);

    // 200 days since the last of 3 purchases worth 3000 (monetary score 4): churned, worth winning back.
    private static readonly PurchaseStats ChurnedValuable = Bought(3, 3000m, 400, 200);

    private static List<(Customer Customer, PurchaseStats Purchases, IReadOnlyList<CustomerEvent> Events)> Customers() =>
    [
        Row("renew-wechat", Regular, expiredAt: Now.AddDays(-5)),
        Row("renew-sms", Regular, wechat: false, expiredAt: Now.AddDays(-10)),
        Row("renew-and-lapsed", Lapsed, expiredAt: Now.AddDays(-3)),
        Row("renew-held-out-13", Regular, expiredAt: Now.AddDays(-2)),
        Row("renew-expired-long-ago", Regular, expiredAt: Now.AddDays(-45)),
        Row("lapsed-wechat", Bought(1, 120m, 35, 35)),
        Row("lapsed-sms", Bought(1, 80m, 50, 50), wechatConsent: ConsentStatus.OptedOut),
        // Six purchases 12 days apart, the last 20 days ago: overdue by their own rhythm (1.7 cycles), not yet 30 days.
        Row("lapsed-own-cycle", Bought(6, 800m, 80, 20)),
        Row("lapsed-complained", Lapsed, tags: ["complained"]),
        Row("lapsed-new-york", Lapsed, timeZone: "America/New_York"),
        Row("lapsed-no-consent", Lapsed, consent: ConsentStatus.Unknown),
        Row("lapsed-held-out-6", Lapsed),
        Row("churned-valuable", ChurnedValuable),
        Row("churned-sms-only", ChurnedValuable, wechat: false),
        Row("churned-low-value", Bought(2, 200m, 400, 200)),
        Row("churned-held-out-7", ChurnedValuable),
        Row("churned-expired-member", ChurnedValuable, expiredAt: Now.AddDays(-2)),
    ];
}

public sealed class SqliteShippedCampaignsTests : ShippedCampaignsEndToEnd
{
    protected override Task<EngineHarness> CreateEngineAsync() => Task.FromResult(new EngineHarness());
}

/// <summary>On a real PostgreSQL server (OUTREACH_TEST_POSTGRES; <c>tests/services.sh start</c>), each test in its own schema.</summary>
public sealed class PostgresShippedCampaignsTests(PostgresDatabase database) : ShippedCampaignsEndToEnd, IClassFixture<PostgresDatabase>
{
    protected override async Task<EngineHarness> CreateEngineAsync()
    {
        var engine = new EngineHarness(postgres: await database.NewSchemaAsync());
        Assert.IsType<Outreach.Storage.Postgres.PostgresCustomerStore>(engine.Store);
        Assert.IsType<PostgresTouchLedger>(engine.Ledger);
        return engine;
    }
}
