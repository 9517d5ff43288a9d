using Outreach.Testing;
using Outreach.Engine.Scheduling;

namespace Outreach.Engine.Tests.Scheduling;

/// <summary>
/// Two nodes clustered on one PostgreSQL job store: each occurrence of a campaign runs on exactly one node, and after
/// the whole cluster was down over several scheduled times the campaign fires once, then continues on schedule.
/// </summary>
public sealed class ClusterTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>, IDisposable
{
    private const string EveryTwoSeconds = "0/2 * * * * ?";
    private readonly TempFolder _one = new(), _two = new();

    [Fact]
    public async Task Each_occurrence_runs_on_exactly_one_node_and_a_cluster_back_from_downtime_fires_once_then_on_schedule()
    {
        foreach (var folder in new[] { _one, _two }) folder.WriteCampaign("pulse.yaml", TestCampaigns.Scheduled("pulse", EveryTwoSeconds, "UTC"));
        var store = await postgres.NewSchemaAsync();

        List<ScheduledRun> first;
        await using (var a = await SchedulerNode.CreateAsync(_one.Path, store, misfireThreshold: "1s"))
        await using (var b = await SchedulerNode.CreateAsync(_two.Path, store, misfireThreshold: "1s"))
        {
            await Task.WhenAll(a.Scheduler.StartAsync(), b.Scheduler.StartAsync());
            var nodes = await (await a.QuartzAsync()).QueryClusterNodes();
            Assert.Contains((await b.QuartzAsync()).SchedulerInstanceId, nodes.Select(n => n.InstanceId));
            Assert.Contains((await a.QuartzAsync()).SchedulerInstanceId, nodes.Select(n => n.InstanceId));
            Assert.True(await Eventually.TrueAsync(() => a.Runs.Count + b.Runs.Count >= 3, TimeSpan.FromSeconds(10)), "the cluster did not fire");
            first = [.. a.Runs, .. b.Runs];
        }
        AssertEachOccurrenceOnce(first);
        var downSince = DateTimeOffset.UtcNow;

        await using var c = await SchedulerNode.CreateAsync(_one.Path, store, misfireThreshold: "1s");
        await using var d = await SchedulerNode.CreateAsync(_two.Path, store, misfireThreshold: "1s");
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var back = await Eventually.JustAfterEvenSecondAsync();
        Assert.True(back - downSince > TimeSpan.FromSeconds(4), "the cluster was not down over several scheduled times");
        await Task.WhenAll(c.Scheduler.StartAsync(), d.Scheduler.StartAsync());
        var nextOnSchedule = Eventually.NextEvenSecond(back);

        Assert.True(await Eventually.TrueAsync(() => c.Runs.Concat(d.Runs).Count(r => r.ScheduledFor >= nextOnSchedule) >= 2, TimeSpan.FromSeconds(8)),
            $"the schedule did not continue: {MisfireTests.Describe(c.Runs.Concat(d.Runs))}");
        var runs = c.Runs.Concat(d.Runs).OrderBy(r => r.ScheduledFor).ToList();
        AssertEachOccurrenceOnce(runs);
        Assert.Single(runs, r => r.ScheduledFor < nextOnSchedule);
        Assert.Equal([nextOnSchedule, nextOnSchedule.AddSeconds(2)], runs.Where(r => r.ScheduledFor >= nextOnSchedule).Take(2).Select(r => r.ScheduledFor));
        Assert.All(runs, r => Assert.True(r.Succeeded, r.Problem));
    }

    private static void AssertEachOccurrenceOnce(IReadOnlyCollection<ScheduledRun> runs)
    {
        var twice = runs.GroupBy(r => r.ScheduledFor).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"occurrences run more than once: {MisfireTests.Describe(runs)}");
        Assert.Equal(runs.Count, runs.Select(r => r.RunId).Distinct().Count());
    }

    public void Dispose()
    {
        _one.Dispose();
        _two.Dispose();
    }
}
