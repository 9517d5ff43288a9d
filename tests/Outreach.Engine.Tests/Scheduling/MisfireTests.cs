using Outreach.Engine.Scheduling;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>
/// The misfire policy on the persistent SQLite store: a node down over several scheduled times fires the campaign once
/// on return, then continues on schedule.
/// </summary>
public sealed class MisfireTests : IDisposable
{
    private const string EveryTwoSeconds = "0/2 * * * * ?";
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_node_down_over_several_scheduled_times_fires_once_on_return_then_continues_on_schedule()
    {
        _folder.WriteCampaign("pulse.yaml", TestCampaigns.Scheduled("pulse", EveryTwoSeconds, "UTC"));

        await using (var before = await SchedulerNode.CreateAsync(_folder.Path, misfireThreshold: "1s"))
        {
            await before.Scheduler.StartAsync();
            Assert.True(await Eventually.TrueAsync(() => !before.Runs.IsEmpty, TimeSpan.FromSeconds(5)), "the campaign never fired before the shutdown");
        }
        var downSince = DateTimeOffset.UtcNow;

        await using var after = await SchedulerNode.CreateAsync(_folder.Path, misfireThreshold: "1s");
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var back = await Eventually.JustAfterEvenSecondAsync();
        Assert.True(back - downSince > TimeSpan.FromSeconds(4), "the node was not down over several scheduled times");
        await after.Scheduler.StartAsync();
        var nextOnSchedule = Eventually.NextEvenSecond(back);

        Assert.True(await Eventually.TrueAsync(() => after.Runs.Count(r => r.ScheduledFor >= nextOnSchedule) >= 2, TimeSpan.FromSeconds(8)),
            $"the schedule did not continue: {Describe(after.Runs)}");

        // Judged by the occurrence each run was for, not by when a loaded machine got round to firing it.
        var runs = after.Runs.OrderBy(r => r.ScheduledFor).ToList();
        var catchUp = Assert.Single(runs, r => r.ScheduledFor < nextOnSchedule);
        Assert.True(catchUp.FiredAt - back < TimeSpan.FromSeconds(5), $"the catch-up was not prompt: {Describe(runs)}");
        Assert.Equal([nextOnSchedule, nextOnSchedule.AddSeconds(2)], runs.Where(r => r.ScheduledFor >= nextOnSchedule).Take(2).Select(r => r.ScheduledFor));
        Assert.All(runs, r => Assert.True(r.Succeeded, r.Problem));
        Assert.All(runs, r => Assert.Equal(RunIds.ForOccurrence(r.ScheduledFor), r.RunId));
    }

    internal static string Describe(IEnumerable<ScheduledRun> runs) =>
        string.Join("; ", runs.OrderBy(r => r.FiredAt).Select(r => $"{r.RunId} fired {r.FiredAt:HH:mm:ss.fff} on {r.Node}"));

    public void Dispose() => _folder.Dispose();
}
