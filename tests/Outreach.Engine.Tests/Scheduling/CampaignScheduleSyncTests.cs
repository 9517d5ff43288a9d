using Outreach.Engine.Scheduling;
using Quartz;

namespace Outreach.Engine.Tests.Scheduling;

public sealed class CampaignScheduleSyncTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_scheduled_campaign_gets_a_durable_job_and_a_cron_trigger_in_its_own_time_zone()
    {
        _folder.WriteCampaign("coupon.yaml", TestCampaigns.Scheduled("coupon", "0 0 10 * * ?", "Asia/Shanghai"));
        await using var node = await SchedulerNode.CreateAsync(_folder.Path);

        var report = await node.Get<CampaignScheduleSync>().SyncAsync(node.Catalog.Reload().Campaigns.Values);

        Assert.Equal(["coupon"], report.Scheduled);
        var trigger = await node.TriggerOfAsync("coupon");
        Assert.NotNull(trigger);
        Assert.Equal("Asia/Shanghai", trigger.TimeZone.Id);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
        // 10:00 in Shanghai is 02:00 UTC: from 11:00 Shanghai time the next one is tomorrow's. The day is one after the
        // trigger's start (the real clock's today), since a trigger never fires before it starts.
        var day = new DateTimeOffset(trigger.StartTimeUtc.UtcDateTime.Date, TimeSpan.Zero).AddDays(2);
        Assert.Equal(day.AddDays(1).AddHours(2), trigger.GetFireTimeAfter(day.AddHours(3)));
        Assert.Equal(TimeSpan.FromHours(2), trigger.NextFireTimeUtc!.Value.UtcDateTime.TimeOfDay);

        var job = await (await node.QuartzAsync()).GetJobDetail(CampaignScheduleSync.JobKeyFor("coupon"));
        Assert.NotNull(job);
        Assert.True(job.Durable);
        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.True(job.RequestsRecovery);

        var listed = Assert.Single(await node.Scheduler.ListAsync());
        Assert.Equal(TimeSpan.FromHours(10), listed.NextFireLocal!.Value.TimeOfDay);
    }

    [Fact]
    public async Task An_event_triggered_campaign_gets_no_cron_trigger()
    {
        _folder.WriteCampaign("renewal.yaml", TestCampaigns.OnEvent("renewal"));
        await using var node = await SchedulerNode.CreateAsync(_folder.Path);

        var report = await node.Get<CampaignScheduleSync>().SyncAsync(node.Catalog.Reload().Campaigns.Values);

        Assert.Empty(report.Scheduled);
        Assert.True(node.Catalog.TryGet("renewal", out _));
        Assert.Null(await node.TriggerOfAsync("renewal"));
    }

    [Fact]
    public async Task Syncing_the_same_campaigns_again_leaves_their_triggers_alone()
    {
        _folder.WriteCampaign("coupon.yaml", TestCampaigns.Scheduled("coupon", "0 0 10 * * ?"));
        await using var node = await SchedulerNode.CreateAsync(_folder.Path);
        var sync = node.Get<CampaignScheduleSync>();

        await sync.SyncAsync(node.Catalog.Reload().Campaigns.Values);
        var again = await sync.SyncAsync(node.Catalog.Reload().Campaigns.Values);

        Assert.False(again.ChangedAnything);
        Assert.Equal(["coupon"], again.Unchanged);
    }

    [Fact]
    public void A_scheduled_run_id_is_the_occurrence_it_was_scheduled_for()
    {
        Assert.Equal("cron-20261126T020000Z", RunIds.ForOccurrence(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.FromHours(8))));
    }

    public void Dispose() => _folder.Dispose();
}
