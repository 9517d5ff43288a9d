using Microsoft.Extensions.Options;
using Outreach.Channels.Costs;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Core.Experiments.Statistics;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Results;

/// <summary>
/// Computes a campaign's results from the ledger and the customers' goal events: per variant and holdout, the counts,
/// conversion with its interval, revenue, cost and ROI, the comparisons, the winner and the stop rule's state. Reads
/// the campaign's history customer batch by customer batch, so memory does not grow with the campaign.
/// </summary>
public sealed class ResultsCalculator(
    ITouchHistory history,
    ICustomerStore store,
    IOptions<ChannelCostOptions> costs,
    IOptions<ExperimentOptions> experiments,
    IOptions<EngineOptions> engine,
    TimeProvider time)
{
    public async Task<CampaignResults> ComputeAsync(Campaign campaign, CancellationToken ct = default)
    {
        var asOf = time.GetUtcNow();
        var prices = costs.Value;
        var tallies = new Dictionary<string, ArmTally>(StringComparer.Ordinal);
        await foreach (var batch in history.StreamCampaignTouchesAsync(campaign.Id, engine.Value.BatchSize, ct))
        {
            var goals = await GoalEventsAsync(campaign, batch, ct);
            foreach (var touches in batch.GroupBy(t => t.CustomerId, StringComparer.Ordinal))
            {
                var outcome = CustomerOutcome.Of(touches.ToList(), goals[touches.Key], campaign.Goal?.Window,
                    t => t.Channel is { } channel ? prices.For(channel) : 0m);
                if (outcome is null) continue;
                if (!tallies.TryGetValue(outcome.Arm, out var tally)) tallies[outcome.Arm] = tally = new ArmTally(outcome.Arm, outcome.Kind);
                tally.Add(outcome);
            }
        }
        return ResultsTable.Build(campaign, tallies.Values.ToList(), asOf, prices.Currency, experiments.Value);
    }

    private async Task<ILookup<string, CustomerEvent>> GoalEventsAsync(Campaign campaign, IReadOnlyList<TouchRecord> batch, CancellationToken ct)
    {
        if (campaign.Goal is not { } goal || batch.Count == 0) return Array.Empty<CustomerEvent>().ToLookup(e => e.CustomerId);
        var since = batch.Min(t => t.UpdatedAt);
        var events = await store.FindEventsAsync(batch.Select(t => t.CustomerId).Distinct().ToList(), goal.Event, since, ct);
        return events.ToLookup(e => e.CustomerId, StringComparer.Ordinal);
    }
}
