using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Storage;

namespace Outreach.Engine.Pipeline;

/// <summary>
/// Decides a campaign's first step for its whole audience inline, reserving, sending and recording nothing: what
/// <c>outreach run --dry-run</c> shows. Real runs go through <see cref="Runs.RunPlanner"/> and
/// <see cref="Dispatch.TouchDispatcher"/>, which make them crash-safe and resumable.
/// </summary>
public sealed class CampaignRunner(ICustomerStore store, TouchDecider decider, TimeProvider time)
{
    public async Task<RunSummary> RunAsync(
        Campaign campaign, RunOptions options, Func<TouchDecision, ValueTask>? onDecision = null, RunCounters? counters = null,
        CancellationToken ct = default)
    {
        if (!options.DryRun)
            throw new ArgumentException("Only dry runs decide inline; a real run goes through RunPlanner and the touch queue.", nameof(options));
        counters ??= new RunCounters();
        var startedAt = time.GetUtcNow();
        var step = campaign.EffectiveSteps[0];
        var audience = step.Only is { } only ? new AllOf([campaign.Audience, only]) : campaign.Audience;

        await foreach (var batch in store.StreamAudienceAsync(audience, startedAt, options.BatchSize, ct))
        {
            counters.CountAudience(batch.Count);
            foreach (var decision in await decider.DecideAsync(campaign, step, options.RunId, batch, time.GetUtcNow(), dryRun: true, ct))
            {
                counters.Count(decision.Outcome);
                if (onDecision is not null) await onDecision(decision);
            }
        }
        return new RunSummary(campaign, options.RunId, startedAt, time.GetUtcNow(), counters, DryRun: true);
    }
}
