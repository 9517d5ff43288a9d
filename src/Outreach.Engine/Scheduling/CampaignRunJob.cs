using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Engine.Runs;
using Quartz;

namespace Outreach.Engine.Scheduling;

/// <summary>
/// The Quartz job of a scheduled campaign (job key = campaign id): plans the campaign's current version from the
/// catalog into the touch queue, under a run id derived from the occurrence's scheduled time, never two plannings of
/// one campaign at once. Quartz is for campaign-level time only: the touches are sent by the dispatchers. A planning that
/// fails is planned again later by a one-off trigger of its own, for the same occurrence, until it succeeds.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CampaignRunJob(
    CampaignCatalog catalog,
    RunPlanner planner,
    ScheduledRunLog log,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<CampaignRunJob> logger) : IJob
{
    /// <summary>The group of the one-off triggers that plan a failed occurrence again.</summary>
    public const string RetryGroup = "campaign-retries";

    // Job data of a retry trigger: the occurrence it plans again (an invariant-culture instant) and how many failed before.
    private const string OccurrenceKey = "outreach.occurrence", FailuresKey = "outreach.failures";

    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var campaignId = context.JobDetail.Key.Name;
        var scheduledFor = ScheduledFor(context);
        var runId = RunIds.ForOccurrence(scheduledFor);
        var node = context.Scheduler.SchedulerInstanceId;
        var resumed = context.Recovering;

        if (!catalog.TryGet(campaignId, out var campaign))
        {
            // The job outlived its campaign (a sync is on its way); nothing to run.
            log.Report(new ScheduledRun(campaignId, runId, scheduledFor, context.FireTimeUtc, node, null, "the campaign is no longer in the campaigns folder", resumed));
            return;
        }

        try
        {
            var run = await planner.PlanAsync(campaign, runId, "schedule", ct: cancellationToken);
            log.Report(new ScheduledRun(campaignId, runId, scheduledFor, context.FireTimeUtc, node, run, Resumed: resumed));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Rethrown so that Quartz hands the firing back: the next node up resumes it under the same run id.
            log.Report(new ScheduledRun(campaignId, runId, scheduledFor, context.FireTimeUtc, node, null, "stopped by shutdown; resumes on the next start", resumed));
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Quartz counts this firing as done; without a retry the part of the audience not planned yet would be skipped.
            var retry = await PlanAgainLaterAsync(context, campaignId, runId, scheduledFor, cancellationToken);
            logger.LogError(e, "Scheduled run {RunId} of campaign {CampaignId} failed; {Retry}", runId, campaignId, retry);
            log.Report(new ScheduledRun(campaignId, runId, scheduledFor, context.FireTimeUtc, node, null, $"{e.Message} ({retry})", resumed));
        }
    }

    /// <summary>
    /// Schedules a one-off firing of this job for the same occurrence, after a wait that doubles with each failure, and
    /// says when; or, when the job store cannot take it either, how to finish the run by hand.
    /// </summary>
    private async Task<string> PlanAgainLaterAsync(
        IJobExecutionContext context, string campaignId, string runId, DateTimeOffset scheduledFor, CancellationToken ct)
    {
        var failures = (context.MergedJobDataMap.TryGetValue(FailuresKey, out var before) ? Convert.ToInt32(before, CultureInfo.InvariantCulture) : 0) + 1;
        var wait = TimeSpan.FromTicks(Math.Min(options.Value.PlanningRetry.Ticks * (1L << Math.Min(failures - 1, 20)), LongestRetry.Ticks));
        var retryAt = time.GetUtcNow() + wait;
        var retry = TriggerBuilder.Create(time)
            .WithIdentity(new TriggerKey($"{campaignId}/{runId}/{failures}", RetryGroup))
            .ForJob(context.JobDetail.Key)
            .UsingJobData(OccurrenceKey, scheduledFor.ToString("O", CultureInfo.InvariantCulture))
            .UsingJobData(FailuresKey, failures.ToString(CultureInfo.InvariantCulture))
            .StartAt(retryAt)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        try
        {
            await context.Scheduler.ScheduleJob(retry, cancellationToken: ct);
            return $"planned again at {retryAt:u}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"its retry could not be scheduled either ({e.Message}): `outreach run {campaignId} --run-id {runId}` finishes it";
        }
    }

    /// <summary>
    /// The occurrence this firing is for; a retry and a recovery re-fire carry the original one in their data (an
    /// invariant-culture string).
    /// </summary>
    private static DateTimeOffset ScheduledFor(IJobExecutionContext context)
    {
        if (context.MergedJobDataMap.TryGetValue(OccurrenceKey, out var retried) && AsInstant(retried) is { } occurrence)
            return occurrence;
        if (context.Recovering
            && context.MergedJobDataMap.TryGetValue(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime, out var original)
            && AsInstant(original) is { } instant)
            return instant;
        return context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }

    private static DateTimeOffset? AsInstant(object? value) => value switch
    {
        DateTimeOffset instant => instant,
        DateTime date => new DateTimeOffset(date.ToUniversalTime()),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
        _ => null,
    };
}
