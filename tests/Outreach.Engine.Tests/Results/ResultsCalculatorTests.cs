using Outreach.Core;
using Outreach.Core.Customers;
using Outreach.Engine.Results;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Tests.Results;

/// <summary>A campaign's results from a hand-made ledger history and renewal events, every number worked out by hand.</summary>
public class ResultsCalculatorTests
{
    private const string Yaml = """
        id: renewal
        name: Renewal
        trigger: { event: membership_expired }
        holdout: 10
        variants:
          - name: plain
            channels: [wechat, sms]
            messages: { wechat: "Renew", sms: "Renew, reply T to stop" }
          - name: trial
            channels: [wechat, sms]
            messages: { wechat: "Free trial", sms: "Free trial, reply T to stop" }
        goal: { event: membership_renewed, window: 14d }
        stop_rule: { after_touches: 4, min_roi: 1.0 }
        """;

    private static TouchRecord Touch(string customer, TouchStatus status, string? variant, Channel? channel = Channel.Sms, string? reason = null) =>
        new("renewal", "r1", 0, customer) { Status = status, Variant = variant, Channel = channel, Reason = reason ?? "decided", DueAt = EngineHarness.Now };

    private static CustomerEvent Renewal(string customer, double days, decimal amount) => new()
    {
        Id = $"renewed-{customer}", CustomerId = customer, Type = EventTypes.MembershipRenewed,
        OccurredAt = EngineHarness.Now.AddDays(days), Amount = amount,
    };

    [Fact]
    public async Task Each_arm_counts_its_customers_conversions_revenue_and_cost_and_compares_with_the_others()
    {
        await using var engine = new EngineHarness();
        var campaign = EngineHarness.Campaign(Yaml);
        await engine.AddCustomersAsync(new[] { "p1", "p2", "p3", "t1", "t2", "h1", "h2", "s1" }.Select(id => Sample.Target(id)).ToArray());
        await engine.Ledger.PlanAsync([
            Touch("p1", TouchStatus.Sent, "plain"),                       // renews 2 days later: converted, 100
            Touch("p2", TouchStatus.Sent, "plain", Channel.WeChat),       // WeChat costs nothing
            Touch("p3", TouchStatus.Dropped, "plain"),                    // assigned, never reached
            Touch("t1", TouchStatus.Delivered, "trial"),                  // renews next day: converted, 200
            Touch("t2", TouchStatus.Sent, "trial"),                       // renews after the 14-day window
            Touch("h1", TouchStatus.HeldOut, null, null, "in the 10% holdout"), // renews 3 days later: converted, 150
            Touch("h2", TouchStatus.HeldOut, null, null, "in the 10% holdout"),
            Touch("s1", TouchStatus.Suppressed, null, null),              // never assigned: not in any arm
        ]);
        await engine.Store.AppendEventsAsync([Renewal("p1", 2, 100m), Renewal("t1", 1, 200m), Renewal("t2", 20, 300m), Renewal("h1", 3, 150m), Renewal("s1", 1, 50m)]);
        engine.Time.Advance(TimeSpan.FromDays(30));

        var results = await engine.Get<ResultsCalculator>().ComputeAsync(campaign);

        Assert.Equal(
            [("plain", ArmKind.Variant, 3L, 2L, 0L, 1L, 100m, 2L, 0.05m), ("trial", ArmKind.Variant, 2L, 2L, 1L, 1L, 200m, 2L, 0.10m),
             ("holdout", ArmKind.Holdout, 2L, 0L, 0L, 1L, 150m, 0L, 0m)],
            results.Arms.Select(a => (a.Name, a.Kind, a.Assigned, a.Touched, a.Delivered, a.Converted, a.Revenue, a.Touches, a.Cost)));
        var plain = results.Arms[0];
        Assert.Equal(1 / 3.0, plain.ConversionRate, 1e-12);
        Assert.Equal(33.3333m, plain.RevenuePerCustomer);
        // Wilson 95% of 1/3 and the z-test of 1/3 against the holdout's 1/2: python3 -c "import math; from statistics import
        // NormalDist; ... " as in Core's ProportionTests and TwoProportionTestTests, with these counts → 0.0615–0.7923, p = 0.70939.
        Assert.Equal(0.06149194472039615, plain.Interval.Low, 1e-12);
        Assert.Equal(0.7923403991979523, plain.Interval.High, 1e-12);
        Assert.Equal("holdout", plain.VsHoldout!.Against);
        Assert.Equal(-1 / 3.0, plain.VsHoldout.Uplift!.Value, 1e-12);
        Assert.Equal(0.7093881150142263, plain.VsHoldout.PValue, 1e-12);
        Assert.Equal("trial", plain.VsBestOther!.Against);
        Assert.Null(results.Arms[2].VsHoldout);
        // ROI: (100 + 200 − 0.15) / 0.15; the holdout's purchases are not the campaign's revenue.
        Assert.Equal((4L, 0.15m, 300m), (results.Touches, results.Cost, results.Revenue));
        Assert.Equal(1999, results.Roi!.Value, 1e-9);
        Assert.Null(results.Winner.Winner);
        Assert.Contains("not enough customers yet", results.Winner.Reason);
        Assert.Equal((false, "ROI 1999 meets min_roi 1 after 4 touches"), (results.StopRule!.Tripped, results.StopRule.Message));
    }

    [Fact]
    public async Task A_campaign_nobody_has_been_decided_for_yet_has_empty_results()
    {
        await using var engine = new EngineHarness();
        await engine.Store.MigrateAsync();

        var results = await engine.Get<ResultsCalculator>().ComputeAsync(EngineHarness.Campaign(Yaml));

        Assert.Empty(results.Arms);
        Assert.Null(results.Roi);
        Assert.Equal("the campaign has no variants with customers yet", results.Winner.Reason);
        Assert.Equal("not judged yet: 0 of 4 touches", results.StopRule!.Message);
    }
}
