using Outreach.Campaigns;
using Outreach.Core.Audience;
using Outreach.Core.Experiments;
using Outreach.Core.Simulation;
using Outreach.Engine.Runs;
using Outreach.Engine.Tests.Support;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Tests.EndToEnd;

/// <summary>
/// The three shipped campaigns against 2,000 simulated customers (fixed seed) on SQLite, then a day of the engine
/// sending what was deferred and capped: one first touch per audience member and campaign, never more than the cap
/// of one touch a day per customer, nothing to the held-out.
/// </summary>
public class SimulatedCustomersTests
{
    private const string RunId = "run-1";

    [Fact]
    public async Task Every_audience_member_gets_one_first_touch_per_campaign_within_one_touch_a_day_and_nothing_when_held_out()
    {
        await using var engine = new EngineHarness();
        var set = new CampaignLoader().LoadDirectory(RepoPaths.Campaigns);
        Assert.True(set.IsValid, string.Join("\n", set.Diagnostics));
        var campaigns = set.Campaigns.OrderByDescending(c => c.Priority).ToList();
        foreach (var campaign in campaigns) engine.Campaigns.Put(campaign);
        await engine.LoadAsync(CustomerSimulator.Generate(new SimulationOptions { Count = 2000, Seed = 20261125, Now = EngineHarness.Now })
            .Select(s => (s.Customer, s.Purchases, s.Events)));

        var audiences = new Dictionary<string, HashSet<string>>();
        foreach (var campaign in campaigns)
        {
            var first = campaign.EffectiveSteps[0];
            var filter = first.Only is { } only ? new AllOf([campaign.Audience, only]) : campaign.Audience;
            var members = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var batch in engine.Store.StreamAudienceAsync(filter, EngineHarness.Now, 500))
                members.UnionWith(batch.Select(p => p.Customer.Id));
            audiences[campaign.Id] = members;
            await engine.RunAsync(campaign, RunId);
        }
        // Audiences overlap, so the cap held some touches back to the next day.
        var capped = 0L;
        foreach (var campaign in campaigns) capped += (await engine.Get<RunControl>().GetAsync(campaign.Id, RunId))!.Capped;
        Assert.True(capped > 0, "no touch was capped: the audiences do not overlap and the cap check below proves nothing");
        // A day of the engine: the deferred and capped touches go when due.
        for (var hour = 1; hour <= 24; hour++)
        {
            engine.Time.Advance(TimeSpan.FromHours(1));
            await engine.DispatchDueAsync();
        }

        // The simulated population reaches every campaign, so the checks below are not vacuous.
        Assert.All(campaigns, c => Assert.True(audiences[c.Id].Count >= 20, $"{c.Id}: only {audiences[c.Id].Count} in the audience"));
        foreach (var campaign in campaigns)
        {
            var firstTouches = (await engine.TouchesAsync(campaign.Id, RunId, step: 0)).Keys.ToHashSet();
            Assert.True(audiences[campaign.Id].SetEquals(firstTouches), $"{campaign.Id}: first touches differ from the audience");
        }
        var ledgerRows = await Task.WhenAll(audiences.Values.SelectMany(a => a).Distinct().Select(id => engine.Ledger.ForCustomerAsync(id)));
        var stepZeroPerCustomerAndCampaign = ledgerRows.SelectMany(rows => rows).Where(t => t.Step == 0).GroupBy(t => (t.CampaignId, t.CustomerId));
        Assert.All(stepZeroPerCustomerAndCampaign, g => Assert.Single(g));

        var outbox = engine.Outbox();
        Assert.NotEmpty(outbox);
        Assert.Equal(outbox.Count, outbox.Select(e => e.TouchId).Distinct().Count());
        // The cap: 1 touch per rolling day. Two touches of one customer are never less than a day apart.
        foreach (var customer in outbox.GroupBy(e => e.CustomerId))
        {
            var times = customer.Select(e => e.SentAt).Order().ToList();
            for (var i = 1; i < times.Count; i++)
                Assert.True(times[i] - times[i - 1] >= TimeSpan.FromDays(1), $"{customer.Key} was touched at {times[i - 1]:u} and {times[i]:u}");
        }
        // Per UTC day too, as the operations team counts it.
        Assert.All(outbox.GroupBy(e => (e.CustomerId, e.SentAt.UtcDateTime.Date)), day => Assert.Single(day));

        var heldOut = campaigns.SelectMany(c => audiences[c.Id].Where(id => VariantAssigner.Assign(c, id) is null).Select(id => (c.Id, id))).ToHashSet();
        Assert.NotEmpty(heldOut);
        Assert.DoesNotContain(outbox, e => heldOut.Contains((e.CampaignId, e.CustomerId)));
        var recordedHeldOut = ledgerRows.SelectMany(rows => rows).Where(t => t.Status == TouchStatus.HeldOut).Select(t => (t.CampaignId, t.CustomerId)).ToList();
        Assert.NotEmpty(recordedHeldOut);
        Assert.All(recordedHeldOut, pair => Assert.Contains(pair, heldOut));
        // Every sent touch is in the ledger as sent, and every touch the ledger has as sent is in the outbox.
        var sentInLedger = ledgerRows.SelectMany(rows => rows).Where(t => t.Status == TouchStatus.Sent).Select(t => t.TouchId).Order().ToList();
        Assert.Equal(sentInLedger, outbox.Select(e => e.TouchId).Order().ToList());
    }
}
