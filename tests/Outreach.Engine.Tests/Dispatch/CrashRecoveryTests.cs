using Microsoft.Extensions.Options;
using Outreach.Channels;
using Outreach.Channels.Outbox;
using Outreach.Core;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Tests.Support;
using Outreach.Limits;
using Outreach.Storage.Ledger;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Dispatch;

/// <summary>
/// A node that dies holding claimed touches: after the lease runs out another dispatcher takes them over, and every
/// touch is sent exactly once — also one that had left before the node died without being recorded.
/// </summary>
public class CrashRecoveryTests
{
    private static readonly string[] Customers = ["a", "b", "c", "d", "e"];

    [Fact]
    public async Task Touches_held_by_a_node_that_died_are_sent_exactly_once_after_its_lease_runs_out()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Customers.Select(id => Target(id)).ToArray());
        var campaign = EngineHarness.Campaign(Coupon);
        await engine.PlanAsync(campaign);
        var lease = engine.Get<IOptions<DispatchOptions>>().Value.Lease;

        // The node that dies: it claims the whole run and is never heard of again.
        var held = await engine.Ledger.ClaimDueAsync(engine.Time.GetUtcNow(), 100, lease);
        Assert.Equal(Customers.Length, held.Count);

        Assert.Equal(0, await engine.DispatchDueAsync());
        engine.Time.Advance(lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await engine.DispatchDueAsync());
        engine.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Customers.Length, await engine.DispatchDueAsync());

        var touches = await engine.TouchesAsync(campaign.Id, "run-1", step: 0);
        Assert.All(touches.Values, t => Assert.Equal((TouchStatus.Sent, 2), (t.Status, t.Attempts)));
        Assert.Equal(Customers.Order(), engine.Outbox().Select(e => e.CustomerId).Order());
    }

    [Fact]
    public async Task A_touch_written_to_the_outbox_but_never_recorded_is_recorded_sent_without_a_second_line()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"), Target("b"));
        var campaign = EngineHarness.Campaign(Coupon);
        await engine.PlanAsync(campaign);
        var lease = engine.Get<IOptions<DispatchOptions>>().Value.Lease;

        // The node that dies claims both touches, reserves a's cap and writes a's message, then dies before recording anything.
        var held = await engine.Ledger.ClaimDueAsync(engine.Time.GetUtcNow(), 100, lease);
        var a = Assert.Single(held, t => t.CustomerId == "a");
        const string openId = "oWeChatOpenId000000000000001";
        Assert.Equal(LimitOutcome.Granted,
            (await engine.Get<ITouchLimiter>().TryReserveAsync(TouchRequest.For(campaign, a.TouchId, "a", Channel.WeChat, openId))).Outcome);
        await engine.Get<OutboxWriter>().AppendAsync(new OutboundMessage(a.TouchId, campaign.Id, "a", Channel.WeChat, openId, "A, here is SAVE10"), default);

        engine.Time.Advance(lease);
        Assert.Equal(2, await engine.DispatchDueAsync());

        var touches = await engine.TouchesAsync(campaign.Id, "run-1", step: 0);
        Assert.Equal(TouchStatus.Sent, touches["a"].Status);
        Assert.Contains("not sent again", touches["a"].Reason);
        Assert.Equal(OutboxWriter.ProviderIdOf(a.TouchId), touches["a"].ProviderId);
        Assert.Equal(TouchStatus.Sent, touches["b"].Status);
        Assert.Equal(["a", "b"], engine.Outbox().Select(e => e.CustomerId).Order());
        // a's cap counts the touch once: the second attempt found its own reservation instead of taking a second slot.
        var probe = await engine.Get<ITouchLimiter>().ExplainAsync(TouchRequest.For(campaign, "probe", "a", Channel.WeChat, openId));
        Assert.Equal((LimitOutcome.Denied, 1), (probe.Decision.Outcome, probe.Decision.Count));
    }

    [Fact]
    public async Task A_node_whose_lease_ran_out_cannot_overwrite_what_the_next_claimer_recorded()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"));
        var campaign = EngineHarness.Campaign(Coupon);
        await engine.PlanAsync(campaign);
        var lease = engine.Get<IOptions<DispatchOptions>>().Value.Lease;
        var slow = Assert.Single(await engine.Ledger.ClaimDueAsync(engine.Time.GetUtcNow(), 100, lease));

        engine.Time.Advance(lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await engine.DispatchDueAsync());
        // The slow node comes back and records what it thinks happened under its own, stale claim.
        var applied = await engine.Ledger.CompleteManyAsync([new TouchCompletion(slow.TouchId, slow.Attempts, TouchStatus.Failed, "timed out")]);

        Assert.Equal(0, applied);
        var touch = await engine.Ledger.GetAsync(slow.TouchId);
        Assert.Equal((TouchStatus.Sent, 2), (touch!.Status, touch.Attempts));
        Assert.Single(engine.OutboxLines());
    }

    [Fact]
    public async Task A_touch_whose_earlier_send_the_provider_cannot_confirm_waits_instead_of_going_twice()
    {
        var wechat = new UnsureSender(Channel.WeChat);
        await using var engine = new EngineHarness(configure: services => EngineHarness.UseSender(services, wechat));
        await engine.AddCustomersAsync(Target("a"));
        var campaign = EngineHarness.Campaign(Coupon);
        await engine.PlanAsync(campaign);
        var lease = engine.Get<IOptions<DispatchOptions>>().Value.Lease;
        Assert.Single(await engine.Ledger.ClaimDueAsync(engine.Time.GetUtcNow(), 100, lease)); // the node that dies

        engine.Time.Advance(lease);
        Assert.Equal(1, await engine.DispatchDueAsync());

        var touch = (await engine.TouchesAsync(campaign.Id, "run-1", step: 0))["a"];
        Assert.Equal(TouchStatus.Deferred, touch.Status);
        Assert.Contains("cannot tell yet", touch.Reason);
        Assert.Equal(1, wechat.Lookups);
        Assert.Empty(wechat.Sent);
    }

    /// <summary>A provider that is asked whether a touch went out and cannot tell (its search is down).</summary>
    private sealed class UnsureSender(Channel channel) : IChannelSender, ISentLookup
    {
        public Channel Channel => channel;

        public int Lookups;

        public List<OutboundMessage> Sent { get; } = [];

        public Task<DeliveryResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message);
            return Task.FromResult<DeliveryResult>(new DeliveryResult.Sent("P1"));
        }

        public Task<DeliveryResult?> FindSentAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Lookups);
            return Task.FromResult<DeliveryResult?>(new DeliveryResult.TransientFailure("the search cannot tell yet"));
        }
    }
}
