using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Engine.Pipeline;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Limits.Whitelists;

namespace Outreach.Engine.Tests.Pipeline;

public class CampaignRunnerTests
{
    private const string Coupon = """
        id: coupon
        name: Coupon
        timezone: Asia/Shanghai
        schedule: "0 0 10 * * ?"
        audience:
          tags: { any: [target] }
        holdout: 0
        offer: { code: SAVE10 }
        variants:
          - name: only
            weight: 100
            channels: [wechat, sms]
            messages:
              wechat: "{{ customer.name }}, here is {{ offer.code }}"
              sms: "{{ customer.name }}: {{ offer.code }} reply T to stop"
        """;

    private static Customer Target(string id, string? phone = "+8613800138000", string? openId = "oWeChatOpenId000000000000001",
        ConsentStatus wechat = ConsentStatus.OptedIn, ConsentStatus sms = ConsentStatus.OptedIn, string? timeZone = "Asia/Shanghai") => new()
    {
        Id = id, Name = id.ToUpperInvariant(), Phone = phone, WeChatOpenId = openId, TimeZone = timeZone, Tags = ["target"],
        Consent = new Dictionary<Channel, ConsentStatus> { [Channel.WeChat] = wechat, [Channel.Sms] = sms },
        CreatedAt = EngineHarness.Now.AddDays(-100),
    };

    [Fact]
    public async Task Each_customer_gets_the_outcome_the_pipeline_order_gives()
    {
        await using var engine = new EngineHarness();
        var campaign = EngineHarness.Campaign(Coupon);
        await engine.AddCustomersAsync(
            Target("reachable"),
            Target("no-wechat", openId: null),
            Target("not-consented", wechat: ConsentStatus.OptedOut, sms: ConsentStatus.Unknown),
            Target("suppressed", openId: null),
            Target("in-new-york", timeZone: "America/New_York"),
            Target("touched-today"),
            Target("other") with { Tags = ["someone-else"] });
        await engine.Get<ISuppressionList>().AddAsync(Suppression.OfCustomer(Channel.Sms, "suppressed", SuppressionReason.OptOut));
        var earlier = await engine.Get<ITouchLimiter>().TryReserveAsync(new TouchRequest { TouchId = "earlier", CustomerId = "touched-today", Channel = Channel.Sms });
        Assert.Equal(LimitOutcome.Granted, earlier.Outcome);

        var (summary, decisions) = await engine.RunAsync(campaign);

        Assert.Equal(6, summary.Counters.Audience);
        Assert.Equal((TouchOutcome.Sent, Channel.WeChat), (decisions["reachable"].Outcome, decisions["reachable"].Channel));
        Assert.Equal((TouchOutcome.Sent, Channel.Sms), (decisions["no-wechat"].Outcome, decisions["no-wechat"].Channel));
        Assert.Equal(TouchOutcome.Unreachable, decisions["not-consented"].Outcome);
        Assert.Equal(TouchOutcome.Suppressed, decisions["suppressed"].Outcome);
        Assert.Equal(TouchOutcome.Deferred, decisions["in-new-york"].Outcome);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(-5)), decisions["in-new-york"].NotBefore);
        Assert.Equal(TouchOutcome.Capped, decisions["touched-today"].Outcome);
        Assert.Equal(EngineHarness.Now.AddDays(1), decisions["touched-today"].NotBefore);
        Assert.DoesNotContain("other", decisions.Keys);
    }

    [Fact]
    public async Task The_outbox_holds_exactly_the_sent_touches_rendered_for_their_customer()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("reachable"), Target("no-wechat", openId: null), Target("in-new-york", timeZone: "America/New_York"));

        await engine.RunAsync(EngineHarness.Campaign(Coupon));

        var lines = engine.OutboxLines();
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.Contains("\"customer_id\":\"reachable\"") && l.Contains("REACHABLE, here is SAVE10") && l.Contains("\"channel\":\"wechat\""));
        Assert.Contains(lines, l => l.Contains("\"customer_id\":\"no-wechat\"") && l.Contains("NO-WECHAT: SAVE10 reply T to stop") && l.Contains("\"address\":\"+8613800138000\""));
    }

    [Fact]
    public async Task A_campaign_that_drops_blocked_touches_drops_in_quiet_hours()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Coupon + "\nwhen_blocked: { quiet_hours: drop }\n");

        var (_, decisions) = await engine.RunAsync(campaign);

        Assert.Equal(TouchOutcome.Dropped, decisions["in-new-york"].Outcome);
    }

    [Fact]
    public async Task A_deferral_past_the_touch_expiry_is_dropped_with_that_reason()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Coupon + "\nwhen_blocked: { quiet_hours: defer, expires_after: 2h }\n");

        var (_, decisions) = await engine.RunAsync(campaign);

        Assert.Equal(TouchOutcome.Dropped, decisions["in-new-york"].Outcome);
        Assert.Contains("expires", decisions["in-new-york"].Reason);
    }

    [Fact]
    public async Task Held_out_customers_are_recorded_and_never_touched()
    {
        await using var engine = new EngineHarness();
        var campaign = EngineHarness.Campaign(Coupon.Replace("holdout: 0", "holdout: 50"));
        var ids = Enumerable.Range(0, 40).Select(i => $"c{i}").ToArray();
        await engine.AddCustomersAsync(ids.Select(id => Target(id)).ToArray());

        var (summary, decisions) = await engine.RunAsync(campaign);

        var heldOut = ids.Where(id => VariantAssigner.Assign(campaign, id) is null).ToHashSet();
        Assert.NotEmpty(heldOut);
        Assert.Equal(heldOut, decisions.Values.Where(d => d.Outcome == TouchOutcome.HeldOut).Select(d => d.CustomerId).ToHashSet());
        Assert.Equal(heldOut.Count, summary.Counters[TouchOutcome.HeldOut]);
        Assert.DoesNotContain(engine.OutboxLines(), line => heldOut.Any(id => line.Contains($"\"customer_id\":\"{id}\"")));
    }

    [Fact]
    public async Task Only_listed_customers_are_touched_while_an_allow_only_list_applies()
    {
        await using var engine = new EngineHarness(new Dictionary<string, string?>
        {
            ["Limits:Lists:0:List"] = "staff",
            ["Limits:Lists:0:Effect"] = "allow_only",
        });
        await engine.AddCustomersAsync(Target("staff-member"), Target("real-customer"));
        await engine.Get<WhitelistService>().AddAsync("staff", ["staff-member"]);

        var (_, decisions) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        Assert.Equal(TouchOutcome.Sent, decisions["staff-member"].Outcome);
        Assert.Equal(TouchOutcome.NotAllowed, decisions["real-customer"].Outcome);
    }

    [Fact]
    public async Task A_dry_run_decides_and_renders_but_sends_and_reserves_nothing()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("reachable"));
        var campaign = EngineHarness.Campaign(Coupon);

        var (dry, dryDecisions) = await engine.RunAsync(campaign, "dry", dryRun: true);
        var (real, _) = await engine.RunAsync(campaign, "real");

        Assert.Equal(TouchOutcome.Planned, dryDecisions["reachable"].Outcome);
        Assert.Equal("REACHABLE, here is SAVE10", dryDecisions["reachable"].Message!.Body);
        Assert.Equal(1, real.Counters[TouchOutcome.Sent]);
        Assert.Single(engine.OutboxLines());
    }

    [Fact]
    public async Task Running_the_same_run_again_never_sends_a_touch_twice()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("reachable"), Target("no-wechat", openId: null));
        var campaign = EngineHarness.Campaign(Coupon);

        var (first, _) = await engine.RunAsync(campaign, "run-1");
        var (again, decisions) = await engine.RunAsync(campaign, "run-1");

        Assert.Equal(2, first.Counters[TouchOutcome.Sent]);
        Assert.Equal(0, again.Counters[TouchOutcome.Sent]);
        Assert.All(decisions.Values, d => Assert.Contains("already reserved", d.Reason));
        Assert.Equal(2, engine.OutboxLines().Count);
    }

    [Fact]
    public async Task Transactional_messages_need_no_opt_in_but_respect_an_opt_out()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(
            Target("unknown-consent", openId: null, sms: ConsentStatus.Unknown),
            Target("opted-out", openId: null, sms: ConsentStatus.OptedOut));
        var campaign = EngineHarness.Campaign(Coupon.Replace("name: Coupon", "name: Coupon\ncategory: transactional"));

        var (_, decisions) = await engine.RunAsync(campaign);

        Assert.Equal(TouchOutcome.Sent, decisions["unknown-consent"].Outcome);
        Assert.Equal(TouchOutcome.Unreachable, decisions["opted-out"].Outcome);
    }
}
