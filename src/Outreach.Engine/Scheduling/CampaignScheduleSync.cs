using Microsoft.Extensions.Logging;
using Outreach.Core.Campaigns;
using Quartz;

namespace Outreach.Engine.Scheduling;

/// <summary>
/// Keeps Quartz in step with the catalog: one durable job per campaign with a <c>schedule</c> (job key = campaign id)
/// and one cron trigger read in the campaign's time zone. A changed schedule is rescheduled, a campaign that is gone
/// (or now event-triggered) is deleted, and an unchanged trigger is left alone so that its pending misfire survives.
/// </summary>
/// <remarks>
/// Misfire policy: a node (or the whole cluster) that was down over one or more scheduled times fires the campaign
/// ONCE when it is back, then continues on schedule — <see cref="CronTriggerMisfireInstruction.FireAndProceed"/>.
/// Missed occurrences are not replayed one by one: a campaign run covers the whole audience as it is now, so one
/// catch-up run is what was missed, and several would only compete for the same customers' caps. A firing counts as
/// missed when it is later than <c>Scheduling:MisfireThreshold</c> (default 1m); a shorter delay just fires late.
/// </remarks>
public sealed class CampaignScheduleSync(ISchedulerFactory schedulers, TimeProvider time, ILogger<CampaignScheduleSync> logger)
{
    public const string Group = "campaigns";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public static JobKey JobKeyFor(string campaignId) => new(campaignId, Group);

    public static TriggerKey TriggerKeyFor(string campaignId) => new(campaignId, Group);

    /// <summary>Makes Quartz hold exactly the cron schedules of <paramref name="campaigns"/>; syncs never overlap.</summary>
    public async Task<ScheduleSyncReport> SyncAsync(IEnumerable<Campaign> campaigns, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            List<string> scheduled = [], rescheduled = [], unscheduled = [], unchanged = [], problems = [];
            var wanted = campaigns.Where(c => c.Schedule is not null).ToList();

            foreach (var campaign in wanted)
            {
                try
                {
                    var outcome = await ApplyAsync(scheduler, campaign, ct);
                    (outcome switch { Applied.Scheduled => scheduled, Applied.Rescheduled => rescheduled, _ => unchanged }).Add(campaign.Id);
                }
                catch (Exception e) when (e is SchedulerException or FormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    logger.LogError(e, "Campaign {CampaignId} cannot be scheduled ({Schedule} in {TimeZone})", campaign.Id, campaign.Schedule, campaign.TimeZone);
                    problems.Add($"{campaign.Id}: {e.Message}");
                }
            }

            var keep = wanted.Select(c => JobKeyFor(c.Id)).ToHashSet();
            var existing = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(Group), Take = PagedQuery.All }, ct);
            foreach (var key in existing.Items.Select(j => j.Key).Where(k => !keep.Contains(k)))
            {
                await scheduler.DeleteJob(key, ct);
                unscheduled.Add(key.Name);
            }

            var report = new ScheduleSyncReport(scheduled, rescheduled, unscheduled, unchanged, problems);
            if (report.ChangedAnything)
                logger.LogInformation("Schedules synced: +{Scheduled} ~{Rescheduled} -{Unscheduled}",
                    string.Join(",", scheduled), string.Join(",", rescheduled), string.Join(",", unscheduled));
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    private enum Applied { Scheduled, Rescheduled, Unchanged }

    private async Task<Applied> ApplyAsync(IScheduler scheduler, Campaign campaign, CancellationToken ct, bool firstAttempt = true)
    {
        var current = await scheduler.GetTrigger(TriggerKeyFor(campaign.Id), ct);
        if (current is not null)
        {
            var wanted = TriggerFor(campaign);
            if (current is ICronTrigger cron && SameSchedule(cron, (ICronTrigger)wanted)) return Applied.Unchanged;
            await scheduler.RescheduleJob(wanted.Key, wanted, ct);
            return Applied.Rescheduled;
        }

        var trigger = TriggerFor(campaign);
        try
        {
            if (await scheduler.Exists(JobKeyFor(campaign.Id), ct)) await scheduler.ScheduleJob(trigger, cancellationToken: ct);
            else await scheduler.ScheduleJob(JobFor(campaign), trigger, cancellationToken: ct);
            return Applied.Scheduled;
        }
        catch (ObjectAlreadyExistsException) when (firstAttempt)
        {
            // Another node of the cluster got there first (never replace: its trigger may already have fired); compare with what it stored.
            return await ApplyAsync(scheduler, campaign, ct, firstAttempt: false);
        }
    }

    private static IJobDetail JobFor(Campaign campaign) =>
        JobBuilder.Create<CampaignRunJob>()
            .WithIdentity(JobKeyFor(campaign.Id))
            .WithDescription(campaign.Name)
            .StoreDurably()
            // A node that dies mid-run has the run re-fired (same occurrence, same run id) by the next node up.
            .RequestRecovery()
            .Build();

    /// <summary>The cron trigger of a scheduled campaign; its priority orders campaigns that fire at the same moment.</summary>
    public ITrigger TriggerFor(Campaign campaign) =>
        TriggerBuilder.Create(time)
            .WithIdentity(TriggerKeyFor(campaign.Id))
            .ForJob(JobKeyFor(campaign.Id))
            .WithDescription($"{campaign.Schedule} in {campaign.TimeZone}")
            .WithPriority(campaign.Priority)
            .WithSchedule(CronScheduleBuilder.Create(campaign.Schedule!)
                .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(campaign.TimeZone))
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .StartAt(time.GetUtcNow())
            .Build();

    private static bool SameSchedule(ICronTrigger current, ICronTrigger wanted) =>
        current.CronExpressionString == wanted.CronExpressionString
        && current.TimeZone.Id == wanted.TimeZone.Id
        && current.MisfireInstruction == wanted.MisfireInstruction
        && current.Priority == wanted.Priority;
}
