using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Engine.Dispatch;
using Outreach.Engine.Runs;
using Outreach.Storage;
using Outreach.Storage.Ledger;
using Outreach.Storage.Runs;

namespace Outreach.Server.Apis;

/// <summary>
/// "Send this campaign to this customer now": plans the customer's first touch into the day's API run
/// (<c>api-yyyyMMdd</c>) and dispatches that run at once, so the touch goes through exactly the dispatchers' path —
/// consent, suppression, whitelists, holdout, channel, quiet hours, caps — and its outcome is the ledger's.
/// A second trigger of the same customer on the same day is the same touch and answers what became of it.
/// </summary>
public sealed class CampaignTrigger(ICustomerStore store, ITouchLedger ledger, IRunStore runs, TouchDispatcher dispatcher, TimeProvider time)
{
    // The touch is normally decided by this request's own dispatch; if another node claimed it first, wait a little for it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static string RunIdFor(DateTimeOffset now) => $"api-{now.UtcDateTime:yyyyMMdd}";

    public async Task<TriggerResult?> TriggerAsync(Campaign campaign, string customerId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await store.GetProfileAsync(customerId, now, ct) is not { } profile) return null;
        var runId = RunIdFor(now);
        var first = campaign.EffectiveSteps[0];
        if (!campaign.Audience.Matches(profile) || first.Only?.Matches(profile) == false)
            return new TriggerResult(campaign.Id, customerId, runId, null, "not_in_audience", "the customer does not match the campaign's audience", null, null, null, false);

        var run = await runs.StartRunAsync(campaign.Id, runId, "api", ct);
        if (run.State == RunState.Cancelled)
            return new TriggerResult(campaign.Id, customerId, runId, null, "cancelled", $"today's API run {runId} of the campaign was cancelled", null, null, null, false);
        var touch = RunPlanner.FirstTouch(campaign, runId, customerId, now, paused: run.State == RunState.Paused) with { Reason = "triggered over the API" };
        var added = await ledger.PlanAsync([touch], ct);
        if (added > 0) await runs.AddToAudienceAsync(campaign.Id, runId, added, ct);

        var started = Environment.TickCount64;
        while (true)
        {
            var record = await ledger.GetAsync(touch.TouchId, ct);
            if (record is not null && record.Status is not (TouchStatus.Planned or TouchStatus.Reserved) || record?.DueAt > now)
                return TriggerResult.Of(record!, repeat: added == 0);
            if (Environment.TickCount64 - started > Patience.TotalMilliseconds)
                return TriggerResult.Of(record!, repeat: added == 0);
            if ((await dispatcher.DispatchOnceAsync((campaign.Id, runId), ct)).Claimed == 0) await Task.Delay(Poll, ct);
        }
    }
}

/// <summary>
/// The decision for a triggered customer: the touch's outcome (sent, capped, suppressed, held_out, deferred, ... or
/// not_in_audience) with its reason; <c>notBefore</c> for a touch that waits; <c>repeat</c> when it was triggered before today.
/// </summary>
public sealed record TriggerResult(
    string CampaignId, string CustomerId, string RunId, string? TouchId, string Outcome, string? Reason,
    string? Channel, string? Variant, DateTimeOffset? NotBefore, bool Repeat)
{
    public static TriggerResult Of(TouchRecord touch, bool repeat) => new(
        touch.CampaignId, touch.CustomerId, touch.RunId, touch.TouchId, StatusNames.Of(touch.Status), touch.Reason,
        touch.Channel?.ToString().ToLowerInvariant(), touch.Variant,
        touch.Status is TouchStatus.Deferred or TouchStatus.Capped or TouchStatus.Planned or TouchStatus.Paused ? touch.DueAt : null, repeat);
}

/// <summary>Ledger statuses as the API writes them (<c>held_out</c>, <c>not_allowed</c>).</summary>
public static class StatusNames
{
    public static string Of(TouchStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
