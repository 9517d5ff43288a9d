using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Engine.Tests.Support;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Limits.Whitelists;
using Outreach.Storage.Ledger;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Dispatch;

/// <summary>
/// A run through the touch queue, as <c>outreach run</c> does it: every customer's touch is planned in the ledger,
/// claimed, decided in the design's decision order, sent over the outbox and recorded with its reason.
/// </summary>
public class TouchDispatcherTests
{
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

        var (status, touches) = await engine.RunAsync(campaign);

        Assert.Equal(6, status.Audience);
        Assert.Equal((TouchStatus.Sent, Channel.WeChat), (touches["reachable"].Status, touches["reachable"].Channel));
        Assert.Equal("only", touches["reachable"].Variant);
        Assert.Equal((TouchStatus.Sent, Channel.Sms), (touches["no-wechat"].Status, touches["no-wechat"].Channel));
        Assert.Equal(TouchStatus.Unreachable, touches["not-consented"].Status);
        Assert.Equal(TouchStatus.Suppressed, touches["suppressed"].Status);
        Assert.Contains("suppressed on sms", touches["suppressed"].Reason);
        Assert.Equal(TouchStatus.Deferred, touches["in-new-york"].Status);
        Assert.Equal(NewYorkNineAm, touches["in-new-york"].DueAt);
        Assert.Contains("quiet hours", touches["in-new-york"].Reason);
        Assert.Equal(TouchStatus.Capped, touches["touched-today"].Status);
        Assert.Equal(EngineHarness.Now.AddDays(1), touches["touched-today"].DueAt);
        Assert.Contains("1 per 1d", touches["touched-today"].Reason);
        Assert.DoesNotContain("other", touches.Keys);
        Assert.Equal((2L, 1L, 1L, 1L), (status.Sent, status.Deferred, status.Capped, status.Suppressed));
    }

    [Fact]
    public async Task The_outbox_holds_exactly_the_sent_touches_rendered_for_their_customer()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("reachable"), Target("no-wechat", openId: null), Target("in-new-york", timeZone: "America/New_York"));

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        var outbox = engine.Outbox();
        Assert.Equal(2, outbox.Count);
        var reachable = Assert.Single(outbox, e => e.CustomerId == "reachable");
        Assert.Equal(("wechat", "REACHABLE, here is SAVE10", touches["reachable"].TouchId), (reachable.Channel, reachable.Body, reachable.TouchId));
        var noWeChat = Assert.Single(outbox, e => e.CustomerId == "no-wechat");
        Assert.Equal(("sms", "+8613800138000", "NO-WECHAT: SAVE10 reply T to stop"), (noWeChat.Channel, noWeChat.Address, noWeChat.Body));
        Assert.Equal("outbox-" + reachable.TouchId, touches["reachable"].ProviderId);
    }

    [Fact]
    public async Task A_campaign_that_drops_blocked_touches_drops_in_quiet_hours()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Coupon + "\nwhen_blocked: { quiet_hours: drop }\n");

        var (_, touches) = await engine.RunAsync(campaign);

        Assert.Equal(TouchStatus.Dropped, touches["in-new-york"].Status);
        Assert.Contains("drops blocked touches", touches["in-new-york"].Reason);
        Assert.Empty(engine.OutboxLines());
    }

    [Fact]
    public async Task A_deferral_past_the_touch_expiry_is_dropped_with_that_reason()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Coupon + "\nwhen_blocked: { quiet_hours: defer, expires_after: 2h }\n");

        var (_, touches) = await engine.RunAsync(campaign);

        Assert.Equal(TouchStatus.Dropped, touches["in-new-york"].Status);
        Assert.Contains("after the touch expires", touches["in-new-york"].Reason);
    }

    [Fact]
    public async Task Held_out_customers_are_recorded_and_never_touched()
    {
        await using var engine = new EngineHarness();
        var campaign = EngineHarness.Campaign(Coupon.Replace("holdout: 0", "holdout: 50"));
        var ids = Enumerable.Range(0, 40).Select(i => $"c{i}").ToArray();
        await engine.AddCustomersAsync(ids.Select(id => Target(id)).ToArray());

        var (status, touches) = await engine.RunAsync(campaign);

        var heldOut = ids.Where(id => VariantAssigner.Assign(campaign, id) is null).ToHashSet();
        Assert.NotEmpty(heldOut);
        Assert.Equal(heldOut, touches.Values.Where(t => t.Status == TouchStatus.HeldOut).Select(t => t.CustomerId).ToHashSet());
        Assert.Equal(heldOut.Count, status.HeldOut);
        Assert.All(touches.Values.Where(t => t.Status == TouchStatus.HeldOut), t => Assert.Null(t.Channel));
        Assert.DoesNotContain(engine.Outbox(), e => heldOut.Contains(e.CustomerId));
        Assert.Equal(ids.Length - heldOut.Count, engine.Outbox().Count);
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

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        Assert.Equal(TouchStatus.Sent, touches["staff-member"].Status);
        Assert.Equal(TouchStatus.NotAllowed, touches["real-customer"].Status);
        Assert.Equal(["staff-member"], engine.Outbox().Select(e => e.CustomerId));
    }

    [Fact]
    public async Task Running_the_same_run_id_again_sends_nothing_more()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("reachable"), Target("no-wechat", openId: null));
        var campaign = EngineHarness.Campaign(Coupon);

        var (first, before) = await engine.RunAsync(campaign, "run-1");
        var (again, after) = await engine.RunAsync(campaign, "run-1");

        Assert.Equal(2, first.Sent);
        Assert.Equal(2, again.Sent);
        Assert.Equal(2, again.Audience);
        // The touches are the very same rows, not sent again: same attempt, same provider id.
        Assert.Equal(before.Values.Select(t => (t.TouchId, t.Attempts, t.ProviderId)), after.Values.Select(t => (t.TouchId, t.Attempts, t.ProviderId)));
        var outbox = engine.Outbox();
        Assert.Equal(2, outbox.Count);
        Assert.Equal(before.Values.Select(t => t.TouchId).Order(), outbox.Select(e => e.TouchId).Order());
    }

    [Fact]
    public async Task Transactional_messages_need_no_opt_in_but_respect_an_opt_out()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(
            Target("unknown-consent", openId: null, sms: ConsentStatus.Unknown),
            Target("opted-out", openId: null, sms: ConsentStatus.OptedOut));
        var campaign = EngineHarness.Campaign(Coupon.Replace("name: Coupon", "name: Coupon\ncategory: transactional"));

        var (_, touches) = await engine.RunAsync(campaign);

        Assert.Equal(TouchStatus.Sent, touches["unknown-consent"].Status);
        Assert.Equal(TouchStatus.Unreachable, touches["opted-out"].Status);
    }

    [Fact]
    public async Task A_touch_deferred_by_quiet_hours_is_sent_when_its_time_comes()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Coupon);
        await engine.RunAsync(campaign);

        engine.Time.SetUtcNow(NewYorkNineAm.AddMinutes(-1));
        Assert.Equal(0, await engine.DispatchDueAsync());
        Assert.Empty(engine.OutboxLines());

        engine.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await engine.DispatchDueAsync());

        var touch = (await engine.TouchesAsync(campaign.Id, "run-1", step: 0))["in-new-york"];
        Assert.Equal(TouchStatus.Sent, touch.Status);
        var sent = Assert.Single(engine.Outbox());
        Assert.Equal(("in-new-york", NewYorkNineAm), (sent.CustomerId, sent.SentAt));
    }

    [Fact]
    public async Task A_capped_touch_is_sent_when_the_customer_is_next_eligible()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("touched-today"));
        await engine.Get<ITouchLimiter>().TryReserveAsync(new TouchRequest { TouchId = "earlier", CustomerId = "touched-today", Channel = Channel.Sms });
        var campaign = EngineHarness.Campaign(Coupon);
        var (_, touches) = await engine.RunAsync(campaign);
        Assert.Equal(TouchStatus.Capped, touches["touched-today"].Status);

        engine.Time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await engine.DispatchDueAsync());

        engine.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await engine.DispatchDueAsync());

        Assert.Equal(TouchStatus.Sent, (await engine.TouchesAsync(campaign.Id, "run-1", step: 0))["touched-today"].Status);
        Assert.Equal(EngineHarness.Now.AddDays(1), Assert.Single(engine.Outbox()).SentAt);
    }

    [Fact]
    public async Task A_campaign_that_drops_capped_touches_drops_them_and_sends_nothing_later()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("touched-today"));
        await engine.Get<ITouchLimiter>().TryReserveAsync(new TouchRequest { TouchId = "earlier", CustomerId = "touched-today", Channel = Channel.Sms });
        var campaign = EngineHarness.Campaign(Coupon + "\nwhen_blocked: { capped: drop }\n");

        var (status, touches) = await engine.RunAsync(campaign);

        Assert.Equal(TouchStatus.Dropped, touches["touched-today"].Status);
        Assert.Contains("1 per 1d", touches["touched-today"].Reason);
        Assert.Equal(0, status.Pending);
        engine.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await engine.DispatchDueAsync());
        Assert.Empty(engine.OutboxLines());
    }

    [Fact]
    public async Task A_deferred_touch_not_dispatched_before_its_expiry_is_dropped_as_expired()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("in-new-york", timeZone: "America/New_York"));
        // Deferred to 14:00 UTC, worth sending until 15:00 UTC; no dispatcher runs until 16:00.
        var campaign = EngineHarness.Campaign(Coupon + "\nwhen_blocked: { quiet_hours: defer, expires_after: 12h }\n");
        var (_, touches) = await engine.RunAsync(campaign);
        Assert.Equal(TouchStatus.Deferred, touches["in-new-york"].Status);

        engine.Time.Advance(TimeSpan.FromHours(13));
        Assert.Equal(1, await engine.DispatchDueAsync());

        var touch = (await engine.TouchesAsync(campaign.Id, "run-1", step: 0))["in-new-york"];
        Assert.Equal(TouchStatus.Dropped, touch.Status);
        Assert.Contains("expired", touch.Reason);
        Assert.Empty(engine.OutboxLines());
    }
}
