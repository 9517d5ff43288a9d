using Microsoft.Extensions.Logging;
using Quartz;

namespace Outreach.Engine.Scheduling;

/// <summary>
/// Starts and stops scheduling: loads the catalog, brings Quartz in step with it, starts the scheduler and then
/// re-syncs whenever a campaign file changes. Only <c>outreach start</c> (and tests) start it.
/// </summary>
public sealed class CampaignScheduler(
    ISchedulerFactory schedulers,
    CampaignCatalog catalog,
    CampaignScheduleSync sync,
    JobStoreSettings store,
    ILogger<CampaignScheduler> logger) : IAsyncDisposable
{
    private IScheduler? _scheduler;

    /// <summary>Raised after each re-sync caused by a change to the campaigns folder.</summary>
    public event Action<CatalogSnapshot, ScheduleSyncReport>? Resynced;

    /// <summary>Loads the campaigns, syncs their schedules and starts firing them; returns the first sync.</summary>
    public async Task<ScheduleSyncReport> StartAsync(CancellationToken ct = default)
    {
        if (store.SqlitePath is { } path && Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            Directory.CreateDirectory(folder);

        _scheduler = await schedulers.GetScheduler(ct);
        // Synced before starting: an unchanged trigger is left as stored, so a time missed while down is caught up on start.
        var report = await sync.SyncAsync(catalog.Reload().Campaigns.Values, ct);
        await _scheduler.Start(ct);
        catalog.Changed += OnCatalogChanged;
        catalog.Watch();
        return report;
    }

    /// <summary>The scheduled campaigns with their next fire times, soonest first.</summary>
    public async Task<IReadOnlyList<ScheduledCampaign>> ListAsync(CancellationToken ct = default)
    {
        var scheduler = _scheduler ?? await schedulers.GetScheduler(ct);
        var triggers = await scheduler.QueryTriggers(
            new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(CampaignScheduleSync.Group), Take = PagedQuery.All }, ct);
        var details = await scheduler.GetTriggers(triggers.Items.Select(t => t.Key).ToList(), ct);
        return details.OfType<ICronTrigger>()
            .Select(t => new ScheduledCampaign(t.JobKey.Name, t.CronExpressionString ?? "", t.TimeZone, t.NextFireTimeUtc))
            .OrderBy(c => c.NextFireUtc ?? DateTimeOffset.MaxValue)
            .ToList();
    }

    /// <summary>Stops watching and shuts the scheduler down; a run still going is cancelled and handed back to resume later.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        catalog.Changed -= OnCatalogChanged;
        catalog.Dispose();
        if (_scheduler is { } scheduler)
        {
            _scheduler = null;
            await scheduler.Shutdown(waitForJobsToComplete: true, ct);
        }
    }

    private void OnCatalogChanged(CatalogSnapshot snapshot) => _ = ResyncAsync(snapshot);

    private async Task ResyncAsync(CatalogSnapshot snapshot)
    {
        try
        {
            var report = await sync.SyncAsync(snapshot.Campaigns.Values);
            Resynced?.Invoke(snapshot, report);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Re-syncing the schedules after a campaigns change failed");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
