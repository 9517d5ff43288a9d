using Microsoft.Extensions.Options;
using Outreach.Campaigns.Rendering;
using Outreach.Channels.Costs;
using Outreach.Core;
using Outreach.Core.Audience;
using Outreach.Core.Campaigns;
using Outreach.Core.Customers;
using Outreach.Core.Experiments;
using Outreach.Engine.Pipeline;
using Outreach.Engine.Scheduling;
using Outreach.Limits;
using Outreach.Limits.InProcess;
using Outreach.Limits.Suppression;
using Outreach.Limits.Timing;
using Outreach.Limits.Whitelists;
using Outreach.Storage;
using Outreach.Storage.Ledger;

namespace Outreach.Engine.Planning;

/// <summary>
/// <c>outreach plan</c>: what the campaigns would do over the next days. Every pass (a campaign step at an occurrence) is
/// decided by the pipeline's own <see cref="TouchDecider"/>, in the order the passes would run, against a scratch limiter
/// that starts from the caps' recent history and keeps every touch the forecast plans, so campaigns compete for the same
/// customers' caps as they would. Sends nothing and writes nothing: the scratch limiter has no journal.
/// </summary>
public sealed class CampaignForecaster(
    ICustomerStore store,
    ITouchLedger ledger,
    ISuppressionList suppressions,
    WhitelistService whitelists,
    QuietHours quietHours,
    MessageRenderer renderer,
    ProfileCalculator profiles,
    IOptions<LimitsOptions> limits,
    IOptions<EngineOptions> engine,
    IOptions<ChannelCostOptions> costs,
    IOptions<GlobalHoldoutOptions>? globalHoldout = null)
{
    /// <summary>The run id of an event-triggered campaign's pass; scheduled passes use their occurrence's run id.</summary>
    public const string OnEventRunId = "forecast-on-event";

    public async Task<Forecast> ForecastAsync(
        IReadOnlyList<Campaign> campaigns, ForecastOptions options, IProgress<ForecastProgress>? progress = null, CancellationToken ct = default)
    {
        if (options.Problem is { } problem) throw new ArgumentOutOfRangeException(nameof(options), problem);

        var clock = new ManualClock(options.From);
        var limiter = new InProcessTouchLimiter(limits, whitelists, suppressions, clock);
        var decider = new TouchDecider(limiter, suppressions, whitelists, quietHours, renderer, globalHoldout);

        var historyWindow = LongestCapWindow(limits.Value);
        var history = await ReplayHistoryAsync(limiter, clock, campaigns, options.From - historyWindow, ct);

        var passes = PassesOf(campaigns, options);
        var results = new List<OccurrenceForecast>(passes.Count);
        for (var i = 0; i < passes.Count; i++)
            results.Add(await DecideAsync(decider, clock, passes[i], new PassNumber(i + 1, passes.Count), progress, ct));

        var byCampaign = results.ToLookup(result => result.CampaignId);
        var summaries = campaigns.OrderByDescending(c => c.Priority).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new CampaignForecast(c.Id, c.Name, c.Priority, c.TimeZone, RunsOf(c),
                byCampaign[c.Id].Count(pass => pass.StepIndex == 0), ForecastCounts.Sum(byCampaign[c.Id].Select(pass => pass.Counts))))
            .ToList();
        return new Forecast(options.From, options.Until, costs.Value.Currency, history, historyWindow, summaries, results,
            ForecastCounts.Sum(results.Select(result => result.Counts)), AssumptionsOf(campaigns, history, historyWindow));
    }

    /// <summary>Every pass in the window, in the order they would run: by time, a higher priority first at the same moment.</summary>
    private static List<Pass> PassesOf(IReadOnlyList<Campaign> campaigns, ForecastOptions options)
    {
        var passes = new List<Pass>();
        foreach (var campaign in campaigns)
        {
            var (kind, occurrences) = campaign.Schedule is { } cron
                ? (OccurrenceKind.Scheduled, CronOccurrences.Between(cron, campaign.TimeZone, options.From, options.Until))
                : (OccurrenceKind.OnEvent, [options.From]);
            foreach (var occurrence in occurrences)
            {
                var at = occurrence;
                var steps = campaign.EffectiveSteps;
                for (var k = 0; k < steps.Count; k++)
                {
                    at += steps[k].Wait;
                    if (at >= options.Until) break;
                    passes.Add(new Pass(campaign, kind, occurrence, k, at));
                }
            }
        }
        return passes
            .OrderBy(pass => pass.At)
            .ThenByDescending(pass => pass.Campaign.Priority)
            .ThenBy(pass => pass.Campaign.Id, StringComparer.Ordinal)
            .ThenBy(pass => pass.Occurrence)
            .ThenBy(pass => pass.StepIndex)
            .ToList();
    }

    private async Task<OccurrenceForecast> DecideAsync(
        TouchDecider decider, ManualClock clock, Pass pass, PassNumber number, IProgress<ForecastProgress>? progress, CancellationToken ct)
    {
        var campaign = pass.Campaign;
        var step = campaign.EffectiveSteps[pass.StepIndex];
        var runId = pass.Kind == OccurrenceKind.OnEvent ? OnEventRunId : RunIds.ForOccurrence(pass.Occurrence);
        var counts = new ForecastCounts();
        clock.Set(pass.At);
        progress?.Report(new ForecastProgress(campaign.Id, step.Name, pass.At, 0, number.Index, number.Of));

        await foreach (var batch in store.StreamAudienceAsync(EntryAudienceOf(campaign), pass.Occurrence, engine.Value.BatchSize, ct))
        {
            var customers = pass.StepIndex == 0 ? batch : await StillInSequenceAsync(decider, pass, runId, batch, ct);
            counts.CountAudience(customers.Count);
            if (customers.Count == 0) continue;
            // Not a dry run: the scratch limiter must keep these reservations for the passes that follow.
            foreach (var decision in await decider.DecideAsync(campaign, step, runId, customers, pass.At, dryRun: false, ct))
                counts.Count(decision, costs.Value);
            progress?.Report(new ForecastProgress(campaign.Id, step.Name, pass.At, counts.Audience, number.Index, number.Of));
        }
        return new OccurrenceForecast(campaign.Id, pass.Kind, pass.Occurrence, pass.StepIndex, step.Name, pass.At, counts);
    }

    /// <summary>
    /// A later step's customers, approximately: the step-0 customers who entered the sequence (not held out, suppressed or
    /// kept out by a whitelist) and match the step's own filter at its time. Nobody is assumed to reach the goal.
    /// </summary>
    private async Task<IReadOnlyList<CustomerProfile>> StillInSequenceAsync(
        TouchDecider decider, Pass pass, string runId, IReadOnlyList<CustomerProfile> batch, CancellationToken ct)
    {
        var campaign = pass.Campaign;
        var step = campaign.EffectiveSteps[pass.StepIndex];
        // A dry run only asks the scratch limiter; holdout, suppression and whitelists do not depend on what it holds.
        var entered = await decider.DecideAsync(campaign, campaign.EffectiveSteps[0], runId, batch, pass.Occurrence, dryRun: true, ct);
        var followers = new List<CustomerProfile>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (entered[i].Outcome is TouchOutcome.HeldOut or TouchOutcome.Suppressed or TouchOutcome.NotAllowed) continue;
            var profile = profiles.Derive(batch[i].Customer, batch[i].Purchases, pass.At);
            if (step.Only is { } only && !only.Matches(profile)) continue;
            followers.Add(profile);
        }
        return followers;
    }

    /// <summary>
    /// Replays the touches sent within the longest cap window into the scratch limiter, each at its own time, so current
    /// counts hold the forecast back as they will hold the engine back. Returns how many were read.
    /// </summary>
    private async Task<long> ReplayHistoryAsync(
        InProcessTouchLimiter limiter, ManualClock clock, IReadOnlyList<Campaign> campaigns, DateTimeOffset since, CancellationToken ct)
    {
        var byId = campaigns.ToDictionary(c => c.Id, StringComparer.Ordinal);
        long read = 0;
        await foreach (var touch in ledger.StreamSentSinceAsync(since, ct))
        {
            if (touch.Channel is not { } channel) continue;
            clock.Set(touch.UpdatedAt);
            // The ledger keeps no address: the history counts for the customer, not for address caps.
            var request = byId.TryGetValue(touch.CampaignId, out var campaign)
                ? TouchRequest.For(campaign, touch.TouchId, touch.CustomerId, channel, address: null)
                : new TouchRequest { TouchId = touch.TouchId, CustomerId = touch.CustomerId, Channel = channel, CampaignId = touch.CampaignId };
            await limiter.TryReserveAsync(request, ct);
            read++;
        }
        return read;
    }

    /// <summary>Who enters the campaign at an occurrence: its audience and its first step's own filter, as the runner reads it.</summary>
    private static AudienceFilter EntryAudienceOf(Campaign campaign) =>
        campaign.EffectiveSteps[0].Only is { } only ? new AllOf([campaign.Audience, only]) : campaign.Audience;

    private static TimeSpan LongestCapWindow(LimitsOptions options) => options.EffectiveRules
        .Concat(options.Lists.SelectMany(list => list.Caps))
        .Select(rule => rule.Window)
        .DefaultIfEmpty(TimeSpan.FromDays(1))
        .Max();

    private static string RunsOf(Campaign campaign) => campaign switch
    {
        { Schedule: { } cron } => $"{cron} ({campaign.TimeZone})",
        { Trigger: { } trigger } => $"on event '{trigger.Event}'" + (trigger.Delay > TimeSpan.Zero ? $" after {Duration.Format(trigger.Delay)}" : ""),
        _ => "on demand",
    };

    private static List<string> AssumptionsOf(IReadOnlyList<Campaign> campaigns, long history, TimeSpan historyWindow)
    {
        var assumptions = new List<string>
        {
            "Audiences come from the customer store as it is now, evaluated at each occurrence's time: customers age, but new " +
            "customers, purchases and membership changes are not foreseen.",
            $"Caps start from the {history} touch(es) the ledger shows sent in the last {Duration.Format(historyWindow)} (per customer; " +
            "the ledger keeps no address, so address caps start empty) and then count every touch this plan makes, in time order, " +
            "a higher priority first at the same moment.",
            "Deferred touches (quiet hours, or a cap that frees up later) are counted where they were deferred; their later " +
            "delivery is not forecast.",
        };
        if (campaigns.Any(c => c.Schedule is null))
            assumptions.Add("Event-triggered campaigns: events are not known in advance, so one pass at the start of the plan " +
                            "counts the customers eligible now.");
        if (campaigns.Any(c => c.EffectiveSteps.Count > 1))
            assumptions.Add("Later sequence steps are approximate: every step-0 customer who is not held out, suppressed or kept " +
                            "out by a whitelist is assumed to continue (nobody reaches the goal); steps due after the plan's end are left out.");
        return assumptions;
    }

    private sealed record Pass(Campaign Campaign, OccurrenceKind Kind, DateTimeOffset Occurrence, int StepIndex, DateTimeOffset At);

    private readonly record struct PassNumber(int Index, int Of);
}
