using Outreach.Storage.Runs;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>
/// Quartz counts a firing as done even when its planning failed; the part of the audience not planned yet would be
/// skipped. A failed occurrence is planned again later under the same run id, so nobody is skipped and nobody doubled.
/// </summary>
public sealed class PlanningRetryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_scheduled_run_whose_planning_failed_is_planned_again_later_under_the_same_run_id()
    {
        // One occurrence, a few seconds from now (UTC), so every report below belongs to it.
        var at = DateTime.UtcNow.AddSeconds(3);
        _folder.WriteCampaign("pulse.yaml", TestCampaigns.Scheduled("pulse", $"{at.Second} {at.Minute} {at.Hour} {at.Day} {at.Month} ? {at.Year}", "UTC"));
        await using var node = await SchedulerNode.CreateAsync(_folder.Path,
            configure: AudienceStoreDouble.Into(AudienceStoreDouble.Behaviour.FailsOnce),
            settingsToo: new Dictionary<string, string?> { ["Scheduling:PlanningRetry"] = "00:00:01" });

        await node.Scheduler.StartAsync();

        Assert.True(await Eventually.TrueAsync(() => node.Runs.Any(r => r.Succeeded), TimeSpan.FromSeconds(30)), MisfireTests.Describe(node.Runs));
        var runs = node.Runs.ToList();
        Assert.Equal(2, runs.Count);
        var (failed, retried) = (runs[0], runs[1]);
        Assert.False(failed.Succeeded);
        Assert.Contains("the customer store is unreachable (planned again at", failed.Problem);
        Assert.Equal((failed.RunId, failed.ScheduledFor), (retried.RunId, retried.ScheduledFor));
        var run = await node.Get<IRunStore>().GetRunAsync("pulse", retried.RunId);
        Assert.NotNull(run!.Audience); // planning finished
    }

    public void Dispose() => _folder.Dispose();
}
