using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Storage;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Engine.Runs;

/// <summary>
/// Starts a campaign run: streams the audience of its first step into the touch queue, one touch per customer under a
/// deterministic id. Deciding and sending is the dispatchers' work, on whichever nodes are up. Planning the same run
/// again (a re-fire after a crash) adds nobody twice and leaves touches already done as they are.
/// </summary>
public sealed class RunPlanner(
    ICustomerStore store,
    ITouchLedger ledger,
    IRunStore runs,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<RunPlanner> logger)
{
    /// <param name="progress">Customers planned so far.</param>
    /// <param name="handOver">
    /// When given, a batch of touches that may go now is handed to it instead of planned into the queue, with the
    /// profiles just read: the caller plans them itself, claimed for its own dispatchers
    /// (<see cref="ITouchLedger.PlanClaimedAsync"/>). Touches planned while the run is paused still go to the queue.
    /// </param>
    public async Task<RunRecord> PlanAsync(
        Campaign campaign, string runId, string trigger, IProgress<long>? progress = null, CancellationToken ct = default, HandOver? handOver = null)
    {
        var run = await runs.StartRunAsync(campaign.Id, runId, trigger, ct);
        if (run.Audience is not null || run.State == RunState.Cancelled) return run;

        var at = time.GetUtcNow();
        var first = campaign.EffectiveSteps[0];
        var audience = first.Only is { } only ? new AllOf([campaign.Audience, only]) : campaign.Audience;
        long planned = 0;
        await foreach (var batch in store.StreamAudienceAsync(audience, at, options.Value.BatchSize, ct))
        {
            // A pause holds on every node: what is planned while paused waits for the resume; a cancel stops planning.
            var state = (await runs.GetRunAsync(campaign.Id, runId, ct))?.State ?? RunState.Planning;
            if (state == RunState.Cancelled)
            {
                logger.LogInformation("Run {RunId} of {CampaignId} was cancelled while planning", runId, campaign.Id);
                return (await runs.GetRunAsync(campaign.Id, runId, ct))!;
            }
            var touches = batch.Select(profile => FirstTouch(campaign, runId, profile.Customer.Id, at, state == RunState.Paused)).ToList();
            if (handOver is not null && state != RunState.Paused) await handOver(touches, batch, ct);
            else await ledger.PlanAsync(touches, ct);
            planned += batch.Count;
            progress?.Report(planned);
        }
        await runs.FinishPlanningAsync(campaign.Id, runId, planned, ct);
        return (await runs.GetRunAsync(campaign.Id, runId, ct))!;
    }

    /// <summary>Takes a batch of a run's first touches, and the profiles of their customers, to plan and work them.</summary>
    public delegate Task HandOver(IReadOnlyList<TouchRecord> touches, IReadOnlyList<CustomerProfile> profiles, CancellationToken ct);

    /// <summary>The first step's touch of one customer, due <paramref name="dueAt"/>, worth sending until the campaign's expiry after that.</summary>
    public static TouchRecord FirstTouch(Campaign campaign, string runId, string customerId, DateTimeOffset dueAt, bool paused = false) =>
        new(campaign.Id, runId, 0, customerId)
        {
            Status = paused ? TouchStatus.Paused : TouchStatus.Planned,
            Reason = paused ? "planned while the run is paused" : "planned",
            DueAt = dueAt,
            ExpiresAt = dueAt + campaign.WhenBlocked.ExpiresAfter,
            SequenceAt = dueAt,
        };
}
