using Outreach.Core;
using Outreach.Engine.Results;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Runs;
using Outreach.Engine.Tests.Scheduling;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Tests.Results;

/// <summary>The stop rule: a campaign whose ROI is below <c>min_roi</c> after <c>after_touches</c> touches has its open runs paused, saying why.</summary>
public class StopRuleMonitorTests
{
    private static string Yaml(int afterTouches) => $$"""
        id: win-back
        name: Win-back
        schedule: "0 0 10 * * ?"
        variants:
          - name: coupon
            channels: [sms]
            messages: { sms: "Come back, reply T to stop" }
        goal: { event: purchase, window: 30d }
        stop_rule: { after_touches: {{afterTouches}}, min_roi: 1.0 }
        """;

    private static async Task<EngineHarness> WithThreeUnpaidTouchesAndOneWaitingAsync()
    {
        var engine = new EngineHarness();
        await engine.AddCustomersAsync(new[] { "c1", "c2", "c3", "c4" }.Select(id => Sample.Target(id)).ToArray());
        var runs = engine.Get<IRunStore>();
        await runs.StartRunAsync("win-back", "r1", "schedule");
        await runs.FinishPlanningAsync("win-back", "r1", 4);
        await engine.Ledger.PlanAsync([
            .. new[] { "c1", "c2", "c3" }.Select(id => new TouchRecord("win-back", "r1", 0, id) { Status = TouchStatus.Sent, Variant = "coupon", Channel = Channel.Sms, DueAt = EngineHarness.Now }),
            new TouchRecord("win-back", "r1", 0, "c4") { Status = TouchStatus.Planned, DueAt = EngineHarness.Now.AddHours(1) }]);
        return engine;
    }

    [Fact]
    public async Task A_campaign_that_does_not_pay_after_enough_touches_has_its_running_runs_paused_with_the_reason()
    {
        await using var engine = await WithThreeUnpaidTouchesAndOneWaitingAsync();
        engine.Campaigns.Put(EngineHarness.Campaign(Yaml(afterTouches: 3)));

        await engine.Get<StopRuleMonitor>().CheckAllAsync();

        // Three SMS at 0.05 and no purchase: ROI (0 − 0.15) / 0.15 = −1.
        const string why = "stopped by its stop rule: ROI -1 is below min_roi 1 after 3 touches";
        var run = await engine.Get<RunControl>().GetAsync("win-back", "r1");
        Assert.Equal((RunState.Paused, why), (run!.Run.State, run.Run.Note));
        var waiting = await engine.Ledger.GetAsync(TouchKey.For("win-back", "r1", 0, "c4"));
        Assert.Equal((TouchStatus.Paused, why), (waiting!.Status, waiting.Reason));
    }

    [Fact]
    public async Task Before_enough_touches_the_campaign_goes_on()
    {
        await using var engine = await WithThreeUnpaidTouchesAndOneWaitingAsync();
        var (results, paused) = await engine.Get<StopRuleMonitor>().CheckAsync(EngineHarness.Campaign(Yaml(afterTouches: 4)));

        Assert.Empty(paused);
        Assert.Equal("not judged yet: 3 of 4 touches", results.StopRule!.Message);
        Assert.Equal(RunState.Running, (await engine.Get<RunControl>().GetAsync("win-back", "r1"))!.Run.State);
    }

    [Fact]
    public async Task A_running_engine_checks_stop_rules_in_its_background_loop()
    {
        await using var engine = await WithThreeUnpaidTouchesAndOneWaitingAsync();
        engine.Campaigns.Put(EngineHarness.Campaign(Yaml(afterTouches: 3)));
        using var stop = new CancellationTokenSource();

        var loop = engine.Get<DispatchLoop>().RunAsync(stop.Token);
        var paused = await Eventually.TrueAsync(
            async () => (await engine.Get<RunControl>().GetAsync("win-back", "r1"))!.Run.State == RunState.Paused, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await loop;

        Assert.True(paused, "the engine's loop did not pause the campaign's run");
    }
}
