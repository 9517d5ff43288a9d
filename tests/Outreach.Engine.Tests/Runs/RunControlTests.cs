using Microsoft.Extensions.Options;
using Outreach.Channels;
using Outreach.Core;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Runs;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;
using static Outreach.Engine.Tests.Support.Sample;

namespace Outreach.Engine.Tests.Runs;

/// <summary>Pausing, resuming and cancelling a planned run: what the dispatchers then send, and what they must not.</summary>
public class RunControlTests
{
    private const string RunId = "run-1";

    private static async Task<(EngineHarness Engine, RunControl Control, string CampaignId)> PlannedRunAsync()
    {
        var engine = new EngineHarness();
        await engine.AddCustomersAsync(Target("a"), Target("b"), Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Coupon);
        var run = await engine.PlanAsync(campaign, RunId);
        Assert.Equal((RunState.Running, 3L), (run.State, run.Audience));
        return (engine, engine.Get<RunControl>(), campaign.Id);
    }

    [Fact]
    public async Task A_paused_run_sends_nothing_and_holds_its_touches_as_paused()
    {
        var (engine, control, campaignId) = await PlannedRunAsync();
        await using var _ = engine;

        var paused = await control.PauseAsync(campaignId, RunId);
        var claimed = await engine.DispatchDueAsync();

        Assert.True(paused.Done, paused.Message);
        Assert.Equal(3, paused.TouchesMoved);
        Assert.Equal(0, claimed);
        Assert.Empty(engine.OutboxLines());
        Assert.All((await engine.TouchesAsync(campaignId, RunId, step: 0)).Values, t => Assert.Equal(TouchStatus.Paused, t.Status));
        var status = await control.GetAsync(campaignId, RunId);
        Assert.Equal(("paused", 3L, 0L), (status!.Phase, status.Paused, status.Sent));
    }

    [Fact]
    public async Task A_resumed_run_sends_what_is_due()
    {
        var (engine, control, campaignId) = await PlannedRunAsync();
        await using var _ = engine;
        await control.PauseAsync(campaignId, RunId);
        await engine.DispatchDueAsync();

        var resumed = await control.ResumeAsync(campaignId, RunId);
        await engine.DispatchDueAsync();

        Assert.True(resumed.Done, resumed.Message);
        var touches = await engine.TouchesAsync(campaignId, RunId, step: 0);
        Assert.Equal((TouchStatus.Sent, TouchStatus.Sent), (touches["a"].Status, touches["b"].Status));
        // Quiet hours still apply after a resume.
        Assert.Equal(TouchStatus.Deferred, touches["in-new-york"].Status);
        Assert.Equal(["a", "b"], engine.Outbox().Select(e => e.CustomerId).Order());
        Assert.Equal(RunState.Running, (await control.GetAsync(campaignId, RunId))!.Run.State);
    }

    [Fact]
    public async Task A_cancelled_run_sends_nothing_now_or_later()
    {
        var (engine, control, campaignId) = await PlannedRunAsync();
        await using var _ = engine;

        var cancelled = await control.CancelAsync(campaignId, RunId);
        await engine.DispatchDueAsync();
        engine.Time.Advance(TimeSpan.FromDays(1));
        await engine.DispatchDueAsync();

        Assert.True(cancelled.Done, cancelled.Message);
        Assert.All((await engine.TouchesAsync(campaignId, RunId, step: 0)).Values, t => Assert.Equal(TouchStatus.Cancelled, t.Status));
        Assert.Empty(engine.OutboxLines());
        var status = await control.GetAsync(campaignId, RunId);
        Assert.Equal(("cancelled", 0L), (status!.Phase, status.Pending));
    }

    [Fact]
    public async Task Cancelling_a_run_stops_the_rest_of_a_deferred_touch_too()
    {
        var (engine, control, campaignId) = await PlannedRunAsync();
        await using var _ = engine;
        await engine.DispatchDueAsync();
        Assert.Equal(TouchStatus.Deferred, (await engine.TouchesAsync(campaignId, RunId, step: 0))["in-new-york"].Status);

        await control.CancelAsync(campaignId, RunId);
        engine.Time.SetUtcNow(NewYorkNineAm);
        await engine.DispatchDueAsync();

        Assert.Equal(TouchStatus.Cancelled, (await engine.TouchesAsync(campaignId, RunId, step: 0))["in-new-york"].Status);
        Assert.Equal(["a", "b"], engine.Outbox().Select(e => e.CustomerId).Order());
    }

    [Fact]
    public async Task A_cancelled_run_sends_nothing_of_the_touches_a_dead_node_held()
    {
        var (engine, control, campaignId) = await PlannedRunAsync();
        await using var _ = engine;
        var lease = engine.Get<IOptions<DispatchOptions>>().Value.Lease;
        // A node claims the run's touches and dies; meanwhile the marketer cancels the run.
        Assert.Equal(3, (await engine.Ledger.ClaimDueAsync(engine.Time.GetUtcNow(), 100, lease)).Count);
        Assert.True((await control.CancelAsync(campaignId, RunId)).Done);

        engine.Time.Advance(lease);
        await engine.DispatchDueAsync();

        Assert.Empty(engine.OutboxLines());
        Assert.All((await engine.TouchesAsync(campaignId, RunId, step: 0)).Values, t => Assert.Equal(TouchStatus.Cancelled, t.Status));
    }

    [Fact]
    public async Task A_touch_in_flight_when_its_run_is_paused_does_not_go_out_later_while_the_run_stays_paused()
    {
        RunControl? control = null;
        // The provider is busy; while the touch is with it, the marketer pauses the run.
        var paused = false;
        var sms = new DelegatingSender(Channel.Sms, async message =>
        {
            if (paused) return new DeliveryResult.Sent("SM-1");
            paused = (await control!.PauseAsync("coupon", RunId)).Done;
            return new DeliveryResult.TransientFailure("busy", TimeSpan.FromMinutes(5));
        });
        await using var engine = new EngineHarness(configure: services => EngineHarness.UseSender(services, sms));
        control = engine.Get<RunControl>();
        await engine.AddCustomersAsync(Target("sms-only", openId: null));
        await engine.PlanAsync(EngineHarness.Campaign(Coupon), RunId);
        await engine.DispatchDueAsync();

        engine.Time.Advance(TimeSpan.FromMinutes(5));
        await engine.DispatchDueAsync();

        Assert.True(paused);
        Assert.Equal(1, sms.Calls);
        Assert.Equal(TouchStatus.Paused, (await engine.TouchesAsync("coupon", RunId, step: 0))["sms-only"].Status);
    }

    [Fact]
    public async Task Resuming_a_run_that_is_not_paused_is_refused_and_says_why()
    {
        var (engine, control, campaignId) = await PlannedRunAsync();
        await using var _ = engine;

        var result = await control.ResumeAsync(campaignId, RunId);

        Assert.False(result.Done);
        Assert.Contains("not paused", result.Message);
        Assert.Equal(0, result.TouchesMoved);
        Assert.Equal(RunState.Running, result.Status!.Run.State);
    }

    [Fact]
    public async Task Controlling_a_run_that_does_not_exist_is_refused()
    {
        var (engine, control, campaignId) = await PlannedRunAsync();
        await using var _ = engine;

        var result = await control.PauseAsync(campaignId, "no-such-run");

        Assert.False(result.Done);
        Assert.Contains("has no run 'no-such-run'", result.Message);
    }
}
