using Outreach.Channels;
using Outreach.Core;
using Outreach.Engine.Tests.Support;
using Outreach.Limits;
using Outreach.Limits.Suppression;
using Outreach.Storage.Ledger;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Dispatch;

/// <summary>What the dispatcher does with a provider's refusals: wait and retry a transient one, give the cap back on a permanent one.</summary>
public class DeliveryFailureTests
{
    private const string SmsAddress = "+8613800138000";

    [Fact]
    public async Task A_transient_provider_failure_defers_the_touch_by_retry_after_and_keeps_its_cap_reservation()
    {
        var sms = new ScriptedSender(Channel.Sms,
            new DeliveryResult.TransientFailure("429 too many requests", RetryAfter: TimeSpan.FromMinutes(5)),
            new DeliveryResult.Sent("SM-1"));
        await using var engine = new EngineHarness(configure: services => EngineHarness.UseSender(services, sms));
        await engine.AddCustomersAsync(Target("sms-only", openId: null));
        var campaign = EngineHarness.Campaign(Coupon);

        var (_, touches) = await engine.RunAsync(campaign);

        var touch = touches["sms-only"];
        Assert.Equal(TouchStatus.Deferred, touch.Status);
        Assert.Equal(EngineHarness.Now.AddMinutes(5), touch.DueAt);
        Assert.Contains("provider busy: 429 too many requests", touch.Reason);
        // The reservation is kept: the customer's one touch of the day is this one, so another touch would be capped.
        var other = TouchRequest.For(campaign, "another-touch", "sms-only", Channel.Sms, SmsAddress);
        Assert.Equal(LimitOutcome.Denied, (await engine.Get<ITouchLimiter>().ExplainAsync(other)).Decision.Outcome);

        engine.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await engine.DispatchDueAsync());

        // The retry is the same touch: it finds its own reservation rather than being capped by it.
        var retried = await engine.Ledger.GetAsync(touch.TouchId);
        Assert.Equal((TouchStatus.Sent, "SM-1", 2), (retried!.Status, retried.ProviderId, retried.Attempts));
        Assert.Equal(2, sms.Received.Count);
        Assert.All(sms.Received, m => Assert.Equal(touch.TouchId, m.TouchId));
    }

    [Fact]
    public async Task A_permanent_provider_failure_fails_the_touch_and_gives_its_cap_reservation_back()
    {
        var sms = new ScriptedSender(Channel.Sms, new DeliveryResult.PermanentFailure("21211 invalid 'To' number"));
        await using var engine = new EngineHarness(configure: services => EngineHarness.UseSender(services, sms));
        await engine.AddCustomersAsync(Target("sms-only", openId: null));
        var campaign = EngineHarness.Campaign(Coupon);

        var (status, touches) = await engine.RunAsync(campaign);

        Assert.Equal(TouchStatus.Failed, touches["sms-only"].Status);
        Assert.Contains("21211", touches["sms-only"].Reason);
        Assert.Equal(1, status.Failed);
        var other = TouchRequest.For(campaign, "another-touch", "sms-only", Channel.Sms, SmsAddress);
        Assert.Equal(LimitOutcome.Granted, (await engine.Get<ITouchLimiter>().ExplainAsync(other)).Decision.Outcome);
    }

    [Fact]
    public async Task A_provider_still_busy_after_the_last_attempt_makes_the_touch_fall_back_to_the_next_channel()
    {
        var wechat = new ScriptedSender(Channel.WeChat, new DeliveryResult.TransientFailure("500 from WeChat", RetryAfter: TimeSpan.FromMinutes(2)));
        await using var engine = new EngineHarness(new Dictionary<string, string?> { ["Engine:Dispatch:TransientAttempts"] = "2" },
            configure: services => EngineHarness.UseSender(services, wechat));
        await engine.AddCustomersAsync(Target("both-channels"));

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));
        var touch = touches["both-channels"];
        Assert.Equal((TouchStatus.Deferred, Channel.WeChat), (touch.Status, touch.Channel)); // attempt 1: wait for Retry-After

        engine.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await engine.DispatchDueAsync());                                  // attempt 2, the last: SMS instead

        var retried = await engine.Ledger.GetAsync(touch.TouchId);
        Assert.Equal((TouchStatus.Sent, Channel.Sms, 2), (retried!.Status, retried.Channel, retried.Attempts));
        Assert.Equal(2, wechat.Received.Count);
        Assert.Contains("\"channel\":\"sms\"", Assert.Single(engine.OutboxLines()));
    }

    [Fact]
    public async Task A_channel_that_fails_for_good_falls_back_to_the_next_one_as_the_same_touch()
    {
        var wechat = new ScriptedSender(Channel.WeChat, new DeliveryResult.PermanentFailure("43004 not subscribed"));
        await using var engine = new EngineHarness(configure: services => EngineHarness.UseSender(services, wechat));
        await engine.AddCustomersAsync(Target("both-channels"));
        var campaign = EngineHarness.Campaign(Coupon);

        var (status, touches) = await engine.RunAsync(campaign);

        var touch = touches["both-channels"];
        Assert.Equal((TouchStatus.Sent, Channel.Sms), (touch.Status, touch.Channel));
        Assert.Single(wechat.Received);
        var line = Assert.Single(engine.OutboxLines());
        Assert.Contains("\"channel\":\"sms\"", line);
        Assert.Contains("\"customer_id\":\"both-channels\"", line);
        Assert.Equal((1, 0), (status.Sent, status.Failed));
        // One touch against the caps, not two: the 1-per-day rule still denies the customer another touch today.
        var other = TouchRequest.For(campaign, "another-touch", "both-channels", Channel.Sms, SmsAddress);
        Assert.Equal(LimitOutcome.Denied, (await engine.Get<ITouchLimiter>().ExplainAsync(other)).Decision.Outcome);
        var limiter = engine.Get<ITouchLimiter>();
        var afterRelease = await limiter.ReleaseAsync(TouchRequest.For(campaign, touch.TouchId, "both-channels", Channel.Sms, SmsAddress));
        Assert.Equal(ReleaseResult.Released, afterRelease);
        Assert.Equal(LimitOutcome.Granted, (await limiter.ExplainAsync(other)).Decision.Outcome);
    }

    [Fact]
    public async Task A_fallback_held_by_quiet_hours_defers_the_touch_to_them_instead_of_failing_it()
    {
        var wechat = new ScriptedSender(Channel.WeChat, new DeliveryResult.PermanentFailure("43004 not subscribed", Suppress: true));
        var sms = new ScriptedSender(Channel.Sms, new DeliveryResult.Sent("SM-1"));
        // 11:00 in Shanghai: quiet for SMS until 12:00, never for WeChat.
        await using var engine = new EngineHarness(new Dictionary<string, string?>
        {
            ["Limits:QuietHours:Start"] = "10:00", ["Limits:QuietHours:End"] = "12:00", ["Limits:QuietHours:Channels:wechat:Enabled"] = "false",
        }, configure: services => EngineHarness.UseSender(services, wechat, sms));
        await engine.AddCustomersAsync(Target("both-channels"));

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        var touch = touches["both-channels"];
        Assert.Equal((TouchStatus.Deferred, EngineHarness.Now.AddHours(1)), (touch.Status, touch.DueAt));
        Assert.Contains("falls back from wechat: 43004 not subscribed", touch.Reason);
        Assert.Empty(sms.Received);

        engine.Time.Advance(TimeSpan.FromHours(1));
        await engine.DispatchDueAsync();

        var sent = await engine.Ledger.GetAsync(touch.TouchId);
        Assert.Equal((TouchStatus.Sent, Channel.Sms), (sent!.Status, sent.Channel));
        Assert.Single(sms.Received);
        Assert.Single(wechat.Received); // suppressed after its refusal, not tried again
    }

    [Fact]
    public async Task When_every_channel_fails_for_good_the_touch_fails_with_both_reasons()
    {
        var wechat = new ScriptedSender(Channel.WeChat, new DeliveryResult.PermanentFailure("43004 not subscribed"));
        var sms = new ScriptedSender(Channel.Sms, new DeliveryResult.PermanentFailure("21610 unsubscribed recipient"));
        await using var engine = new EngineHarness(configure: services => EngineHarness.UseSender(services, wechat, sms));
        await engine.AddCustomersAsync(Target("both-channels"));

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Coupon));

        var touch = touches["both-channels"];
        Assert.Equal(TouchStatus.Failed, touch.Status);
        Assert.Contains("21610", touch.Reason);
        Assert.Contains("no fallback", touch.Reason);
        Assert.Empty(engine.OutboxLines());
    }

    [Fact]
    public async Task An_opt_out_reported_by_the_provider_suppresses_the_address_at_once()
    {
        var sms = new ScriptedSender(Channel.Sms, new DeliveryResult.PermanentFailure("opted out (21610)", Suppress: true, OptedOut: true));
        await using var engine = new EngineHarness(configure: services => EngineHarness.UseSender(services, sms));
        await engine.AddCustomersAsync(Target("sms-only", openId: null));

        await engine.RunAsync(EngineHarness.Campaign(Coupon));

        var suppression = await engine.Get<ISuppressionList>().FindAsync(Channel.Sms, "sms-only", SmsAddress);
        Assert.Equal(SuppressionReason.OptOut, suppression?.Reason);
        var (_, again) = await engine.RunAsync(EngineHarness.Campaign(Coupon), "run-2");
        Assert.Equal(TouchStatus.Suppressed, again["sms-only"].Status);
        Assert.Single(sms.Received);
    }
}
