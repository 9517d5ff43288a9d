using System.Globalization;
using Microsoft.Extensions.Logging;
using Outreach.Engine.Runs;
using Quartz;

namespace Outreach.Engine.Scheduling;

/// <summary>
/// The Quartz job of a scheduled campaign (job key = campaign id): plans the campaign's current version from the
/// catalog into the touch queue, under a run id derived from the occurrence's scheduled time, never two plannings of
/// one campaign at once. Quartz is for campaign-level time only: the touches are sent by the dispatchers.
/// </summary>
[DisallowConcurrentExecution]
public sealed class CampaignRunJob(
    CampaignCatalog catalog,
    RunPlanner planner,
    ScheduledRunLog log,
    ILogger<CampaignRunJob> logger) : IJob
{
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
            logger.LogError(e, "Scheduled run {RunId} of campaign {CampaignId} failed", runId, campaignId);
            log.Report(new ScheduledRun(campaignId, runId, scheduledFor, context.FireTimeUtc, node, null, e.Message, resumed));
        }
    }

    /// <summary>The occurrence this firing is for; a recovery re-fire carries the original one in its data (an invariant-culture string).</summary>
    private static DateTimeOffset ScheduledFor(IJobExecutionContext context)
    {
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
