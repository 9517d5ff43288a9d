using Outreach.Engine.Pipeline;
using Outreach.Engine.Tests.Support;
using Outreach.Limits;
using Outreach.Core;

namespace Outreach.Engine.Tests.Pipeline;

/// <summary>
/// The campaign runner now only serves dry runs (<c>outreach run --dry-run</c>): it decides and renders without the
/// ledger and without sending. Real runs go through the touch queue (Dispatch/TouchDispatcherTests).
/// </summary>
public class CampaignRunnerTests
{
    [Fact]
    public async Task A_dry_run_decides_and_renders_but_sends_reserves_and_records_nothing()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Sample.Target("reachable"), Sample.Target("in-new-york", timeZone: "America/New_York"));
        var campaign = EngineHarness.Campaign(Sample.Coupon);

        var (dry, decisions) = await engine.DryRunAsync(campaign);

        Assert.True(dry.DryRun);
        Assert.Equal(2, dry.Counters.Audience);
        Assert.Equal(TouchOutcome.Planned, decisions["reachable"].Outcome);
        Assert.Equal(Channel.WeChat, decisions["reachable"].Channel);
        Assert.Equal("REACHABLE, here is SAVE10", decisions["reachable"].Message!.Body);
        Assert.Equal(TouchOutcome.Deferred, decisions["in-new-york"].Outcome);
        Assert.Empty(engine.OutboxLines());
        Assert.Empty(await engine.Ledger.ForCustomerAsync("reachable"));
        Assert.Empty(await engine.Ledger.ForCustomerAsync("in-new-york"));
        // Nothing was reserved: the cap of one touch a day still has room for a real touch.
        var probe = TouchRequest.For(campaign, "probe", "reachable", Channel.WeChat, "oWeChatOpenId000000000000001");
        Assert.Equal(LimitOutcome.Granted, (await engine.Get<ITouchLimiter>().ExplainAsync(probe)).Decision.Outcome);

        var (real, _) = await engine.RunAsync(campaign, "real");

        Assert.Equal(1, real.Sent);
        Assert.Single(engine.OutboxLines());
    }
}
