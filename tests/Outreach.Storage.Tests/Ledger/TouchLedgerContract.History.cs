using Outreach.Storage.Ledger;
using Outreach.Storage.Tests.Support;

namespace Outreach.Storage.Tests.Ledger;

// Reading a campaign's history back for results.
public abstract partial class TouchLedgerContract
{
    private ITouchHistory History => (ITouchHistory)Ledger;

    [Fact]
    public async Task A_campaigns_history_comes_customer_by_customer_never_splitting_one_and_without_other_campaigns()
    {
        await Ledger.PlanAsync([
            Touch("c1"), Touch("c2"), Touch("c3"), Touch("c1", step: 1), Touch("c1", run: "r2"), Touch("c2", campaign: "renewal")]);

        var batches = new List<IReadOnlyList<TouchRecord>>();
        await foreach (var batch in History.StreamCampaignTouchesAsync("winback", customersPerBatch: 2)) batches.Add(batch);

        Assert.Equal(2, batches.Count);
        Assert.Equal(["c1", "c1", "c1", "c2"], batches[0].Select(t => t.CustomerId));
        Assert.Equal(["c3"], batches[1].Select(t => t.CustomerId));
        Assert.All(batches.SelectMany(b => b), t => Assert.Equal("winback", t.CampaignId));
    }

    [Fact]
    public async Task A_customers_touches_come_in_the_order_they_were_last_updated()
    {
        await Ledger.PlanAsync([Touch("c1"), Touch("c1", step: 1)]);
        Clock.Advance(TimeSpan.FromHours(1));
        var second = Touch("c1", step: 1).TouchId;
        await Ledger.CompleteAsync(second, TouchStatus.Sent, "sent", "p-2", null);
        Clock.Advance(TimeSpan.FromHours(1));
        await Ledger.CompleteAsync(Touch("c1").TouchId, TouchStatus.HeldOut, "in the 10% holdout", null, null);

        var touches = new List<TouchRecord>();
        await foreach (var batch in History.StreamCampaignTouchesAsync("winback", customersPerBatch: 10)) touches.AddRange(batch);

        Assert.Equal([(1, TouchStatus.Sent, Days.Now.AddHours(1)), (0, TouchStatus.HeldOut, Days.Now.AddHours(2))],
            touches.Select(t => (t.Step, t.Status, t.UpdatedAt)));
    }

    [Fact]
    public async Task A_campaign_without_touches_has_no_history()
    {
        await Ledger.PlanAsync([Touch("c1")]);

        var batches = 0;
        await foreach (var _ in History.StreamCampaignTouchesAsync("nobody-ran-this", 10)) batches++;

        Assert.Equal(0, batches);
    }
}
