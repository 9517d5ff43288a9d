using Outreach.Core.Experiments;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Tests.Results;

/// <summary>The global holdout: a stable share of all customers no marketing campaign touches; transactional messages still go.</summary>
public class GlobalHoldoutTests
{
    private static readonly Dictionary<string, string?> ThirtyPercent = new() { ["Engine:GlobalHoldout:Percent"] = "30" };
    private static readonly string[] Ids = Enumerable.Range(0, 60).Select(i => $"c{i:00}").ToArray();

    [Fact]
    public async Task Marketing_campaigns_hold_out_the_same_stable_share_of_customers_and_record_why()
    {
        await using var engine = new EngineHarness(ThirtyPercent);
        await engine.AddCustomersAsync(Ids.Select(id => Sample.Target(id)).ToArray());

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Sample.Coupon));

        var expected = Ids.Where(new GlobalHoldoutOptions { Percent = 30 }.Contains).ToHashSet();
        Assert.InRange(expected.Count, 10, 30);
        var heldOut = touches.Values.Where(t => t.Status == TouchStatus.HeldOut).ToList();
        Assert.Equal(expected.Order(), heldOut.Select(t => t.CustomerId).Order());
        Assert.All(heldOut, t => Assert.Equal("global holdout", t.Reason));
        Assert.All(touches.Values.Where(t => !expected.Contains(t.CustomerId)), t => Assert.Equal(TouchStatus.Sent, t.Status));
    }

    [Fact]
    public async Task Transactional_campaigns_are_exempt()
    {
        await using var engine = new EngineHarness(ThirtyPercent);
        await engine.AddCustomersAsync(Ids.Select(id => Sample.Target(id)).ToArray());

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Sample.Coupon.Replace("holdout: 0", "holdout: 0\ncategory: transactional")));

        Assert.Equal(Ids.Length, touches.Values.Count(t => t.Status == TouchStatus.Sent));
    }

    [Fact]
    public async Task Off_by_default()
    {
        await using var engine = new EngineHarness();
        await engine.AddCustomersAsync(Ids.Select(id => Sample.Target(id)).ToArray());

        var (_, touches) = await engine.RunAsync(EngineHarness.Campaign(Sample.Coupon));

        Assert.DoesNotContain(touches.Values, t => t.Status == TouchStatus.HeldOut);
    }
}
