using Outreach.Engine.Scheduling;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>A run cut short by a shutdown is handed back and resumed on the next start, under the same run id (so the same touch ids).</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_run_stopped_by_shutdown_resumes_on_the_next_start_under_the_same_run_id()
    {
        _folder.WriteCampaign("pulse.yaml", TestCampaigns.Scheduled("pulse", "0/2 * * * * ?", "UTC"));

        AudienceStoreDouble? held = null;
        ScheduledRun stopped;
        await using (var before = await SchedulerNode.CreateAsync(_folder.Path, configure: AudienceStoreDouble.Into(AudienceStoreDouble.Behaviour.Held, s => held = s)))
        {
            await before.Scheduler.StartAsync();
            await held!.Streaming.Task.WaitAsync(TimeSpan.FromSeconds(5));
            await before.Scheduler.StopAsync();
            stopped = Assert.Single(before.Runs);
        }
        Assert.False(stopped.Succeeded);

        await using var after = await SchedulerNode.CreateAsync(_folder.Path);
        await after.Scheduler.StartAsync();

        Assert.True(await Eventually.TrueAsync(() => after.Runs.Any(r => r.Resumed), TimeSpan.FromSeconds(5)), MisfireTests.Describe(after.Runs));
        var resumed = Assert.Single(after.Runs, r => r.Resumed);
        Assert.Equal(stopped.RunId, resumed.RunId);
        Assert.Equal(stopped.ScheduledFor, resumed.ScheduledFor);
        Assert.True(resumed.Succeeded, resumed.Problem);
    }

    public void Dispose() => _folder.Dispose();
}
